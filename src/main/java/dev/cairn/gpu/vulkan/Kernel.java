package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.vkCreateComputePipelines;
import static org.lwjgl.vulkan.VK10.vkCreateDescriptorSetLayout;
import static org.lwjgl.vulkan.VK10.vkCreatePipelineLayout;
import static org.lwjgl.vulkan.VK10.vkCreateShaderModule;
import static org.lwjgl.vulkan.VK10.vkDestroyDescriptorSetLayout;
import static org.lwjgl.vulkan.VK10.vkDestroyPipeline;
import static org.lwjgl.vulkan.VK10.vkDestroyPipelineLayout;
import static org.lwjgl.vulkan.VK10.vkDestroyShaderModule;

import dev.cairn.gpu.Teardown;
import dev.cairn.tensor.quant.GgmlType;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkComputePipelineCreateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkShaderModuleCreateInfo;

/**
 * One compute pipeline: a kernel compiled for one tensor type, whose bindings 0..n-1 are storage buffers
 * and whose parameters come as push constants.
 */
final class Kernel implements AutoCloseable {

    /** Push constants every kernel may use: the 128 bytes all devices offer. */
    static final int PUSH_BYTES = 128;

    final String name;
    final int bindings;
    final long setLayout;
    final long pipelineLayout;
    final long pipeline;
    private final Teardown teardown = new Teardown();

    /** Compiles and creates the pipeline; what was created before a step fails is destroyed again. */
    Kernel(VkDevice device, String kernel, GgmlType type, boolean subgroups, int bindings) {
        this.name = kernel;
        this.bindings = bindings;
        byte[] spirv = ShaderCompiler.spirv(kernel, type, subgroups);
        try (MemoryStack stack = stackPush()) {
            VkDescriptorSetLayoutBinding.Buffer slots = VkDescriptorSetLayoutBinding.calloc(bindings, stack);
            for (int b = 0; b < bindings; b++) {
                slots.get(b).binding(b).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(1)
                        .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
            }
            LongBuffer handle = stack.mallocLong(1);
            Vk.check(vkCreateDescriptorSetLayout(device,
                    VkDescriptorSetLayoutCreateInfo.calloc(stack).sType$Default().pBindings(slots), null, handle),
                    "vkCreateDescriptorSetLayout");
            setLayout = teardown.add(handle.get(0), created -> vkDestroyDescriptorSetLayout(device, created, null));

            VkPushConstantRange.Buffer push = VkPushConstantRange.calloc(1, stack);
            push.get(0).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT).offset(0).size(PUSH_BYTES);
            Vk.check(vkCreatePipelineLayout(device, VkPipelineLayoutCreateInfo.calloc(stack).sType$Default()
                    .pSetLayouts(stack.longs(setLayout)).pPushConstantRanges(push), null, handle), "vkCreatePipelineLayout");
            pipelineLayout = teardown.add(handle.get(0), created -> vkDestroyPipelineLayout(device, created, null));

            ByteBuffer code = memAlloc(spirv.length); // SPIR-V can outgrow the stack
            try {
                code.put(spirv).flip();
                Vk.check(vkCreateShaderModule(device, VkShaderModuleCreateInfo.calloc(stack).sType$Default().pCode(code),
                        null, handle), "vkCreateShaderModule");
            } finally {
                memFree(code);
            }
            long module = handle.get(0);
            try {
                VkComputePipelineCreateInfo.Buffer info = VkComputePipelineCreateInfo.calloc(1, stack);
                info.get(0).sType$Default().layout(pipelineLayout).stage(stage -> stage.sType$Default()
                        .stage(VK_SHADER_STAGE_COMPUTE_BIT).module(module).pName(stack.UTF8("main")));
                Vk.check(vkCreateComputePipelines(device, 0, info, null, handle), "vkCreateComputePipelines " + kernel);
                pipeline = teardown.add(handle.get(0), created -> vkDestroyPipeline(device, created, null));
            } finally {
                vkDestroyShaderModule(device, module, null);
            }
        } catch (RuntimeException | Error e) {
            teardown.close();
            throw e;
        }
    }

    @Override
    public void close() {
        teardown.close();
    }
}
