package dev.cairn.archfixture.gpu.vulkan;

import dev.cairn.archfixture.backend.Compute;
import org.lwjgl.system.MemoryStack;

/** Fixture for ArchitectureRulesTest: a GPU backend, where LWJGL belongs. */
public final class VulkanCompute implements Compute {
    @Override
    public void run() {
        MemoryStack.class.getName();
    }
}
