package dev.cairn.gpu.vulkan;

import static dev.cairn.testing.CairnProcess.assertOneLineExit2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.CairnProcess.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cairn devices} and {@code --backend} on the packaged jar, in processes of their own (a missing
 * Vulkan loader can only be shown to a JVM that has not loaded it): what is listed, and every way Vulkan
 * can be missing answered in one line with exit code 2, never a fallback to the CPU.
 */
class VulkanCliIT {

    @TempDir
    Path tmp;

    private Run cairn(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return CairnProcess.cairn(tmp, environment, args);
    }

    private Run logits(Map<String, String> environment, String... options) throws IOException, InterruptedException {
        return CairnProcess.logits(tmp, environment, options);
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
