package dev.cairn.archfixture.model;

import dev.cairn.archfixture.gpu.vulkan.VulkanCompute;
import org.lwjgl.system.MemoryStack;

/**
 * Fixture for ArchitectureRulesTest: the forward pass breaking both GPU rules, by naming a GPU backend
 * instead of the compute interface and by calling LWJGL itself.
 */
public final class ReachesIntoTheGpu {
    public void forward() {
        new VulkanCompute().run();
        MemoryStack.class.getName();
    }
}
