package io.escheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's {@code chromium} package, or {@code $CHROMIUM_BIN}) driven over the
 * DevTools protocol, for tests of web pages: one tab, a fixed viewport, and every console error,
 * uncaught exception and failed load the page causes. The DevTools protocol rather than
 * {@code --dump-dom}/{@code --screenshot}: headless Chromium prints every console message at level
 * INFO on stderr (an error cannot be told from a log line there), and a page's own "ready" signal
 * beats guessing a {@code --virtual-time-budget}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String INSTALL = "install Debian's chromium package (sudo apt-get install -y --no-install-recommends chromium; "
            + "./run-tests.sh does so when it is missing) or set CHROMIUM_BIN to a Chromium or Chrome executable";

    private final Process process;
    private final Path profile;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, Path log, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.socket = socket;
    }

    /**
     * Starts Chromium with a fresh profile under {@code workDir} and a {@code width} × {@code height}
     * viewport; its output goes to {@code workDir/chromium.log}.
     *
     * @throws IllegalStateException when Chromium is not installed, saying how to install it
     */
    public static HeadlessChromium start(Path workDir, int width, int height) {
        String executable = executable();
        try {
            Files.createDirectories(workDir);
            Path profile = Files.createTempDirectory(workDir, "profile-");
            Path log = workDir.resolve("chromium.log");
            ProcessBuilder builder = new ProcessBuilder(executable, "--headless", "--disable-gpu", "--no-sandbox", // root needs it
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "about:blank")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // The MSR fixture preload library the build sets for test JVMs has no business in a browser.
            builder.environment().remove("LD_PRELOAD");
            Process process = builder.start();
            try {
                return connect(process, profile, log, width, height);
            } catch (RuntimeException | IOException | InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HeadlessChromium connect(Process process, Path profile, Path log, int width, int height)
            throws IOException, InterruptedException {
        try {
            int port = devToolsPort(process, profile, log);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body());
            String page = null;
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    page = target.get("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (page == null) {
                throw new IllegalStateException("Chromium opened no tab: " + targets);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), listener).get(30, TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, log, socket);
            listener.owner = chromium;
            chromium.send("Runtime.enable", null);
            chromium.send("Log.enable", null);
            chromium.send("Page.enable", null);
            ObjectNode metrics = JSON.createObjectNode().put("width", width).put("height", height).put("deviceScaleFactor", 1)
                    .put("mobile", false);
            chromium.send("Emulation.setDeviceMetricsOverride", metrics);
            return chromium;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not connect to Chromium's DevTools: " + e, e);
        }
    }

    /** {@code $CHROMIUM_BIN}, else {@code chromium} (Debian) or {@code chromium-browser} on the PATH. */
    public static String executable() {
        String configured = System.getenv("CHROMIUM_BIN");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("CHROMIUM_BIN=" + configured + " is not an executable file: " + INSTALL);
            }
            return configured;
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("Chromium is not installed, and the web page tests need it headless: " + INSTALL);
    }

    /** Chromium writes its DevTools port to {@code DevToolsActivePort} in the profile once it listens. */
    private static int devToolsPort(Process process, Path profile, Path log) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + tail(log));
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within 90 s: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A DevTools command; its result, or an exception with Chromium's error. */
    public JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Chromium: " + e + "; its log: " + tail(log), e);
        } finally {
            pending.remove(id);
        }
    }

    /** Loads {@code url} in the tab (returns once navigation started; wait for the page's own signal). */
    public void navigate(String url) {
        JsonNode result = send("Page.navigate", JSON.createObjectNode().put("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("could not load " + url + ": " + result.get("errorText").asText());
        }
    }

    /** A JavaScript expression's value in the page (promises awaited), as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("'" + expression + "' threw: " + describe(result.get("exceptionDetails")));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page (re-evaluated every 100 ms, also across navigations). */
    public void waitUntil(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (evaluate(expression).asBoolean(false)) {
                    return;
                }
            } catch (IllegalStateException e) {
                // between documents: the context went away; try again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + expression + "' was not true within " + timeout + "; the page said: " + problems);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The rendered document as HTML. */
    public String dom() {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    /** A PNG of the viewport, written to {@code png}. */
    public void screenshot(Path png) {
        write(png, JSON.createObjectNode().put("format", "png"));
    }

    /** A PNG of the whole page, however long, written to {@code png}. */
    public void screenshotWholePage(Path png) {
        JsonNode size = evaluate("({width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight})");
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip").put("x", 0).put("y", 0).put("width", size.get("width").asInt()).put("height", size.get("height").asInt())
                .put("scale", 1);
        write(png, params);
    }

    private void write(Path png, ObjectNode params) {
        JsonNode result = send("Page.captureScreenshot", params);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(result.get("data").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the page reported as wrong since the last {@link #clearProblems()}: console.error and
     * console.assert calls, uncaught exceptions and unhandled rejections, and error log entries
     * (a resource that failed to load, a blocked request…), each as "kind: text (where)".
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void clearProblems() {
        problems.clear();
    }

    private void onMessage(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("assert")) {
                    List<String> args = new ArrayList<>();
                    params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    problems.add("console." + type + ": " + String.join(" ", args) + where(params.path("stackTrace").path("callFrames").path(0)));
                }
            }
            case "Runtime.exceptionThrown" -> problems.add("uncaught: " + describe(params.path("exceptionDetails")));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    problems.add(entry.path("source").asText() + ": " + entry.path("text").asText()
                            + (entry.has("url") ? " (" + entry.get("url").asText() + ")" : ""));
                }
            }
            default -> {
            }
        }
    }

    private static String describe(JsonNode details) {
        String text = details.path("exception").path("description").asText(details.path("text").asText());
        return text + where(details);
    }

    private static String where(JsonNode frame) {
        return frame.has("url") ? " (" + frame.get("url").asText() + ":" + (frame.path("lineNumber").asInt() + 1) + ")" : "";
    }

    @Override
    public void close() {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the build directory harms nothing
        }
    }

    /** Reassembles DevTools messages, which arrive in several frames when large (a screenshot). */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    if (owner != null) {
                        owner.onMessage(JSON.readTree(message));
                    }
                } catch (IOException e) {
                    owner.problems.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
