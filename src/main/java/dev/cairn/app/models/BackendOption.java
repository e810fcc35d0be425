package dev.cairn.app.models;

import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryBudget;
import java.util.List;

/**
 * A device a model can run on and the memory it has. The engine has one backend today, the CPU with the
 * machine's RAM; GPU backends will add an entry each (with their own memory) to {@link #available()}.
 */
public record BackendOption(String name, String device, long memoryBytes) {

    public static final String CPU = "CPU";

    public static List<BackendOption> available() {
        return List.of(new BackendOption(CPU, Runtime.getRuntime().availableProcessors() + " cores",
                MemoryBudget.physicalMemory()));
    }

    @Override
    public String toString() {
        return name + " (" + device + ", " + Bytes.format(memoryBytes) + ")";
    }
}
