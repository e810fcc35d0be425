package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.ComputeDevices;
import dev.cairn.runtime.GpuApi;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the CPU and every device of every GPU API, with what --backend takes to use each. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List what can compute here: the CPU and every Vulkan and OpenCL device, with the --backend value of each.")
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
                        d.details().isEmpty() ? "" : " (" + d.details() + ")");
            }
            for (GpuApi api : GpuApi.values()) {
                if (found.missing().containsKey(api)) {
                    out.println("no " + api.title + ": " + found.missing().get(api));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static ObjectNode toJson(ComputeDevices found) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode devices = root.putArray("devices");
        for (ComputeDevices.Device d : found.devices()) {
            ObjectNode node = devices.addObject().put("backend", d.backend()).put("name", d.name()).put("type", d.type())
                    .put("memory_bytes", d.memoryBytes());
            node.setAll((ObjectNode) mapper.valueToTree(d.properties()));
        }
        for (GpuApi api : GpuApi.values()) {
            root.put(api.key + "_missing", found.missing().get(api)); // null when the API answered
        }
        return root;
    }
}
