package dev.cairn.gpu.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cairn devices} and {@code --backend} on the packaged jar, in processes of their own (a missing
 * Vulkan loader can only be shown to a JVM that has not loaded it): what is listed, and every way Vulkan
 * can be missing answered in one line with exit code 2, never a fallback to the CPU.
 */
class VulkanCliIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final long GUARD_SECONDS = 120; // a hang guard only

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, List<String> errors) {
    }

    private Run cairn(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("cairn").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(environment);
        builder.redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        Process process = builder.start();
        if (!process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("./cairn did not end within " + GUARD_SECONDS + " s");
        }
        List<String> errors = Files.readAllLines(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
        return new Run(process.exitValue(), Files.readString(tmp.resolve("stdout.txt")), errors);
    }

    private Run logits(Map<String, String> environment, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("logits", "-m", Fixtures.model("stories260K.gguf").toString(),
                "--tokens", "1,403", "-o", tmp.resolve("logits.f32").toString()));
        args.addAll(List.of(options));
        return cairn(environment, args.toArray(String[]::new));
    }

    private static void assertOneLineExit2(Run run, String expected) {
        assertEquals(2, run.exitCode(), String.join("\n", run.errors()));
        assertEquals(1, run.errors().size(), "one line, no stack trace: " + run.errors());
        assertTrue(run.errors().getFirst().startsWith("error: ") && run.errors().getFirst().contains(expected),
                run.errors().getFirst());
    }

    @Test
    void devicesListsTheCpuAndEveryVulkanDeviceWithItsIndex() throws Exception {
        TestDevice.index(); // Vulkan must be here (CI installs lavapipe)
        Run text = cairn(Map.of(), "devices");
        assertEquals(0, text.exitCode(), String.join("\n", text.errors()));
        assertTrue(text.out().lines().findFirst().orElseThrow().startsWith("cpu "), text.out());
        assertTrue(text.out().contains("\nvulkan:0 "), text.out());
        assertTrue(text.out().contains("; uploads: "), "where uploads run: " + text.out());

        Run json = cairn(Map.of(), "devices", "--json");
        JsonNode devices = new ObjectMapper().readTree(json.out()).get("devices");
        assertEquals("cpu", devices.get(0).get("backend").asText());
        JsonNode vulkan = devices.get(1);
        assertEquals("vulkan:0", vulkan.get("backend").asText());
        for (String field : List.of("name", "type", "driver", "memory_bytes", "heaps", "subgroup_size", "storage_16bit",
                "integer_dot_product", "max_storage_buffer_range", "transfer_queue")) {
            assertTrue(vulkan.has(field), field + " in " + vulkan);
        }
        assertTrue(vulkan.get("subgroup_size").asInt() >= 1, vulkan.toString());
    }

    @Test
    void aDeviceIndexThatDoesNotExistIsOneLineAndExit2() throws Exception {
        TestDevice.index();
        assertOneLineExit2(logits(Map.of(), "--backend", "vulkan:9"), "there is no Vulkan device 9");
    }

    @Test
    void noVulkanDriverIsOneLineAndExit2() throws Exception {
        TestDevice.index();
        Run run = logits(Map.of("VK_ICD_FILENAMES", tmp.resolve("no-such-driver.json").toString()), "--backend", "vulkan");
        assertOneLineExit2(run, "apt-get install");
    }

    @Test
    void noVulkanLoaderIsOneLineAndExit2() throws Exception {
        Run run = logits(Map.of("CAIRN_JAVA_OPTS", "-Dorg.lwjgl.vulkan.libname=" + tmp.resolve("libvulkan-missing.so.1")),
                "--backend", "vulkan:0");
        assertOneLineExit2(run, "no Vulkan loader (libvulkan.so.1)");
    }

    @Test
    void aModelLargerThanTheDeviceSaysSoWithTheNumbers() throws Exception {
        TestDevice.index();
        // Four hundred million positions of KV cache: more memory than any device has.
        Run run = logits(Map.of(), "--backend", "vulkan:0", "--context", "400000000");
        assertOneLineExit2(run, "stories260K.gguf needs ");
        assertTrue(run.errors().getFirst().contains(" has ") && run.errors().getFirst().contains("--backend cpu"),
                run.errors().getFirst());
    }
}
