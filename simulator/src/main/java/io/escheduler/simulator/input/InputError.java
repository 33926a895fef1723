package io.escheduler.simulator.input;

/**
 * Bad input, in the words of the file's own format: which file, which line (1-based; 0 when the whole file is
 * concerned) and what is wrong. Nothing is simulated from a file that raised one.
 */
public final class InputError extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public InputError(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
