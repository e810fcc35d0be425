package dev.cairn.gpu.opencl;

import static dev.cairn.testing.CairnProcess.assertOneLineExit2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.CairnProcess.Run;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cairn devices} and {@code --backend opencl} on the packaged jar, in processes of their own (a
 * missing ICD loader can only be shown to a JVM that has not loaded it): what is listed, stories260K's
 * published greedy text, and every way OpenCL can be missing answered in one line with exit code 2,
 * never a fallback to the CPU.
 */
class OpenClCliIT {

    @TempDir
    Path tmp;

    private Run cairn(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return CairnProcess.cairn(tmp, environment, args);
    }

    /** An ICD loader that finds no driver: its vendor directory is empty. */
    private Map<String, String> noDriver() throws IOException {
        return Map.of("OCL_ICD_VENDORS", Files.createDirectories(tmp.resolve("no-vendors")).toString());
    }

    @Test
    void devicesListsEveryOpenClDeviceWithItsIndexAndMemory() throws Exception {
        int index = OpenClTestDevice.index(); // OpenCL must be here (CI installs PoCL)
        Run text = cairn(Map.of(), "devices");
        assertEquals(0, text.exitCode(), String.join("\n", text.errors()));
        assertTrue(text.out().contains("\nopencl:" + index + " "), text.out());

        Run json = cairn(Map.of(), "devices", "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        JsonNode device = StreamSupport.stream(root.get("devices").spliterator(), false)
                .filter(d -> d.get("backend").asText().equals("opencl:" + index)).findFirst().orElseThrow();
        for (String field : List.of("name", "type", "memory_bytes", "index", "platform", "version", "driver", "compute_units",
                "max_work_group_size", "max_allocation_bytes")) {
            assertTrue(device.has(field), field + " in " + device);
        }
        assertTrue(device.get("memory_bytes").asLong() > 0, device.toString());
        assertTrue(root.get("opencl_missing").isNull(), root.toString());
    }

    @Test
    void withoutADriverDevicesSaysWhyAndBackendOpenClIsOneLineAndExit2() throws Exception {
        Run devices = cairn(noDriver(), "devices");
        assertEquals(0, devices.exitCode(), String.join("\n", devices.errors()));
        assertTrue(devices.out().contains("no OpenCL: OpenCL has no platform here: install a driver, e.g. apt-get install pocl-opencl-icd"),
                devices.out());
        assertOneLineExit2(CairnProcess.logits(tmp, noDriver(), "--backend", "opencl"), "apt-get install pocl-opencl-icd");
    }

    @Test
    void noIcdLoaderIsOneLineAndExit2() throws Exception {
        Run run = CairnProcess.logits(tmp, Map.of("CAIRN_JAVA_OPTS", "-Dorg.lwjgl.opencl.libname=" + tmp.resolve("libOpenCL-missing.so.1")),
                "--backend", "opencl:0");
        assertOneLineExit2(run, "no OpenCL ICD loader (libOpenCL.so.1)");
    }

    @Test
    void aDeviceIndexThatDoesNotExistIsOneLineAndExit2() throws Exception {
        OpenClTestDevice.index();
        assertOneLineExit2(CairnProcess.logits(tmp, Map.of(), "--backend", "opencl:9"), "there is no OpenCL device 9");
    }

    @Test
    void aModelLargerThanTheDeviceSaysSoWithTheNumbers() throws Exception {
        int index = OpenClTestDevice.index();
        // Four hundred million positions of KV cache: more memory than any device has.
        Run run = CairnProcess.logits(tmp, Map.of(), "--backend", "opencl:" + index, "--context", "400000000");
        assertOneLineExit2(run, "stories260K.gguf needs ");
        assertTrue(run.errors().getFirst().contains(" has ") && run.errors().getFirst().contains("--backend cpu"),
                run.errors().getFirst());
    }

    @Test
    void stories260KGreedyOnOpenClWritesThePublishedText() throws Exception {
        int index = OpenClTestDevice.index();
        String prompt = "Once upon a time";
        Run run = cairn(Map.of(), "generate", "--model", Fixtures.model("stories260K.gguf").toString(), "--prompt", prompt,
                "--temperature", "0", "--max-tokens", "200", "--context", "512", "--backend", "opencl:" + index);
        assertEquals(0, run.exitCode(), String.join("\n", run.errors()));
        String published = Files.readString(Fixtures.reference("stories260K.llama2c-greedy.txt"), StandardCharsets.UTF_8);
        String text = prompt + run.out().stripTrailing();
        assertTrue(text.length() > 400 && published.startsWith(text), "200 greedy tokens are a prefix of the published text:\n" + text);
    }
}
