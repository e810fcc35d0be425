package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.system.MemoryUtil.memUTF8;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compilation_status_success;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_into_spv;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_add_macro_definition;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_initialize;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_include_callbacks;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_optimization_level;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_target_env;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compiler_initialize;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compiler_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compute_shader;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_env_version_vulkan_1_2;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_optimization_level_performance;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_bytes;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_compilation_status;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_error_message;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_target_env_vulkan;

import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lwjgl.util.shaderc.ShadercIncludeResolve;
import org.lwjgl.util.shaderc.ShadercIncludeResult;
import org.lwjgl.util.shaderc.ShadercIncludeResultRelease;

/**
 * GLSL compute shaders (resources under {@code shaders/}) compiled to SPIR-V by shaderc the first time a
 * variant is needed, and kept for the life of the process. A variant is a kernel for one tensor type: the
 * include {@code "format.glsl"} resolves to that type's decoder under {@code shaders/formats/}, and the
 * macro {@code TYPE_<NAME>} is defined, so one kernel source serves every type; {@code USE_SUBGROUPS} is
 * defined for devices with subgroup arithmetic.
 */
final class ShaderCompiler {

    private static final String ROOT = "shaders/";
    private static final Map<String, byte[]> SPIRV = new ConcurrentHashMap<>();

    private ShaderCompiler() {
    }

    /** SPIR-V of {@code kernel} ({@code matmul} for {@code shaders/matmul.comp}) for {@code type}. */
    static byte[] spirv(String kernel, GgmlType type, boolean subgroups) {
        return SPIRV.computeIfAbsent(kernel + "/" + type + "/" + subgroups, key -> compile(kernel, type, subgroups));
    }

    private static byte[] compile(String kernel, GgmlType type, boolean subgroups) {
        String source = resource(ROOT + kernel + ".comp");
        long compiler = shaderc_compiler_initialize();
        long options = shaderc_compile_options_initialize();
        ShadercIncludeResolve resolve = ShadercIncludeResolve.create(
                (user, requested, kind, requesting, depth) -> include(memUTF8(requested), memUTF8(requesting), type));
        ShadercIncludeResultRelease release = ShadercIncludeResultRelease.create((user, result) -> free(result));
        try {
            shaderc_compile_options_set_target_env(options, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_2);
            shaderc_compile_options_set_optimization_level(options, shaderc_optimization_level_performance);
            shaderc_compile_options_add_macro_definition(options, "TYPE_" + type.name(), "1");
            if (subgroups) {
                shaderc_compile_options_add_macro_definition(options, "USE_SUBGROUPS", "1");
            }
            shaderc_compile_options_set_include_callbacks(options, resolve, release, 0);
            long result = shaderc_compile_into_spv(compiler, source, shaderc_compute_shader, kernel + ".comp", "main", options);
            try {
                if (shaderc_result_get_compilation_status(result) != shaderc_compilation_status_success) {
                    throw new IllegalStateException("shader " + kernel + " for " + type + " did not compile: "
                            + shaderc_result_get_error_message(result));
                }
                // Copy before release: the result owns the bytes.
                ByteBuffer bytes = shaderc_result_get_bytes(result);
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                return copy;
            } finally {
                shaderc_result_release(result);
            }
        } finally {
            shaderc_compile_options_release(options);
            shaderc_compiler_release(compiler);
            resolve.free();
            release.free();
        }
    }

    /** An include result in native memory, freed by {@link #free}; {@code format.glsl} is the variant's format. */
    private static long include(String requested, String requesting, GgmlType type) {
        String path;
        if (requested.equals("format.glsl")) {
            path = ROOT + "formats/" + type.name().toLowerCase(Locale.ROOT) + ".glsl";
        } else {
            int slash = requesting.lastIndexOf('/');
            path = slash < 0 ? ROOT + requested : requesting.substring(0, slash + 1) + requested;
        }
        ShadercIncludeResult result = ShadercIncludeResult.calloc();
        result.source_name(memUTF8(path, false)).content(copyToNative(resource(path))).user_data(0);
        return result.address();
    }

    private static ByteBuffer copyToNative(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = memAlloc(Math.max(1, bytes.length));
        buffer.put(bytes).flip();
        return buffer;
    }

    private static void free(long address) {
        ShadercIncludeResult result = ShadercIncludeResult.create(address);
        memFree(result.source_name());
        memFree(result.content());
        result.free();
    }

    private static String resource(String path) {
        try (InputStream in = ShaderCompiler.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("shader resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
