package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.gpu.vulkan.DeviceInfo;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.ComputeDevices;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the CPU and every Vulkan device, with what --backend takes to use each. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List what can compute here: the CPU and every Vulkan device, with the --backend value of each.")
final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object with every device's details.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ComputeDevices found = ComputeDevices.probe();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(found)));
        } else {
            for (ComputeDevices.Device d : found.devices()) {
                out.printf(Locale.ROOT, "%-9s %-10s %9s  %s%s%n", d.backend(), d.type(), Bytes.format(d.memoryBytes()), d.name(),
                        d.vulkan() == null ? "" : details(d.vulkan()));
            }
            found.vulkanMissing().ifPresent(why -> out.println("no Vulkan: " + why));
        }
        out.flush();
        return 0;
    }

    private static String details(DeviceInfo v) {
        return String.format(Locale.ROOT, " (%s; Vulkan %s; subgroup %d, arithmetic %s; 16-bit storage %s; integer dot product %s;"
                + " uploads: %s)", v.driver(), v.apiVersion(), v.subgroupSize(), yesNo(v.subgroupArithmetic()),
                yesNo(v.storage16Bit()), yesNo(v.integerDotProduct()), v.transferQueue());
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static ObjectNode toJson(ComputeDevices found) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode devices = root.putArray("devices");
        for (ComputeDevices.Device d : found.devices()) {
            ObjectNode node = devices.addObject().put("backend", d.backend()).put("name", d.name()).put("type", d.type())
                    .put("memory_bytes", d.memoryBytes());
            DeviceInfo v = d.vulkan();
            if (v != null) {
                node.put("index", v.index()).put("driver", v.driver()).put("api_version", v.apiVersion())
                        .put("transfer_queue", v.transferQueue()).put("subgroup_size", v.subgroupSize()).put("subgroup_arithmetic", v.subgroupArithmetic())
                        .put("storage_16bit", v.storage16Bit())
                        .put("integer_dot_product", v.integerDotProduct())
                        .put("max_storage_buffer_range", v.maxStorageBufferRange());
                ArrayNode heaps = node.putArray("heaps");
                v.heaps().forEach(h -> heaps.addObject().put("bytes", h.bytes()).put("device_local", h.deviceLocal()));
            }
        }
        if (found.vulkanMissing().isPresent()) {
            root.put("vulkan_missing", found.vulkanMissing().get());
        } else {
            root.putNull("vulkan_missing");
        }
        return root;
    }
}
