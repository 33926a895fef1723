package io.escheduler.powermanager.power;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's spool files: requests accumulate, files are replaced whole, other content is kept. */
class FileSpoolDriverTest {

    @TempDir
    Path dir;

    private FileSpoolDriver driver() {
        return new FileSpoolDriver(dir.resolve("spool/powerOn.json"), dir.resolve("spool/powerOff.json"), "power-manager.power");
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve("spool").resolve(name));
    }

    @Test
    void requestsAccumulateInTheSeedsShapeOncePerNode() throws Exception {
        FileSpoolDriver driver = driver();
        driver.powerOn(Nodes.node("node14"));
        driver.powerOn(Nodes.node("node15"));
        driver.powerOn(Nodes.node("node14"));
        assertThat(read("powerOn.json")).isEqualTo("{\"powerOn\":[\"node14\",\"node15\"]}\n");
        driver.powerOff(Nodes.node("node12"));
        assertThat(read("powerOff.json")).isEqualTo("{\"powerOff\":[\"node12\"]}\n");
        assertThat(driver.describe(Nodes.node("n1"))).isEqualTo("file " + dir.resolve("spool/powerOn.json") + " / " + dir.resolve("spool/powerOff.json"));
    }

    @Test
    void theFileIsReplacedWholeReadableByOthersAndNoTemporaryIsLeft() throws Exception {
        FileSpoolDriver driver = driver();
        driver.powerOn(Nodes.node("node14"));
        Path file = dir.resolve("spool/powerOn.json");
        Object before = Files.getAttribute(file, "unix:ino");
        driver.powerOn(Nodes.node("node15"));
        assertThat(Files.getAttribute(file, "unix:ino")).as("a new file renamed over the old one, not rewritten in place").isNotEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir.resolve("spool"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("powerOn.json");
        }
    }

    @Test
    void existingContentIsKeptAndAnEmptiedFileStartsAgain() throws Exception {
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(dir.resolve("spool/powerOn.json"), "{\"powerOn\": [\"node3\"], \"requestedBy\": \"ops\"}");
        driver().powerOn(Nodes.node("node14"));
        assertThat(read("powerOn.json")).isEqualTo("{\"powerOn\":[\"node3\",\"node14\"],\"requestedBy\":\"ops\"}\n");
        Files.writeString(dir.resolve("spool/powerOn.json"), "");
        driver().powerOn(Nodes.node("node15"));
        assertThat(read("powerOn.json")).isEqualTo("{\"powerOn\":[\"node15\"]}\n");
    }

    @Test
    void theLatestRequestForANodeWins() throws Exception {
        FileSpoolDriver driver = driver();
        driver.powerOff(Nodes.node("node14"));
        driver.powerOff(Nodes.node("node15"));
        driver.powerOn(Nodes.node("node14"));
        assertThat(read("powerOff.json")).isEqualTo("{\"powerOff\":[\"node15\"]}\n");
        assertThat(read("powerOn.json")).isEqualTo("{\"powerOn\":[\"node14\"]}\n");
    }

    @Test
    void aFileThatIsNotTheSpoolIsLeftAlone() throws Exception {
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(dir.resolve("spool/powerOn.json"), "node14 node15\n");
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("node16"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("cannot power on node node16").hasMessageContaining("powerOn.json is not JSON")
                .hasMessageContaining("left as it is: fix or remove it");
        assertThat(read("powerOn.json")).isEqualTo("node14 node15\n");
        Files.writeString(dir.resolve("spool/powerOn.json"), "{\"powerOn\": \"node14\"}");
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("node16"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("is not {\"powerOn\": [...]}");
    }
}
