package dev.cairn.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.KvShape;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The device plumbing under the OpenCL backend, on the OpenCL device of the GPU tests (PoCL in CI). */
class OpenClContextTest {

    @Test
    void aKernelTheDriverCannotBuildIsOneLineNamingTheKernelTheOptionsAndTheLogsFirstLine() {
        try (OpenClContext cl = new OpenClContext(OpenClTestDevice.index())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> cl.build("broken", "__kernel void broken(__global float *x) { x[0] = undeclared; }", "-cl-std=CL1.2 -DQK=4u"));
            String message = e.getMessage();
            assertFalse(message.contains("\n"), message);
            assertTrue(message.startsWith("OpenCL on " + cl.info.name() + " could not build broken.cl (-cl-std=CL1.2 -DQK=4u): "
                    + "CL_BUILD_PROGRAM_FAILURE (-11): "), message);
            String log = e.getCause().getMessage();
            assertTrue(message.endsWith(OpenClContext.firstLine(log)), message + " / " + log);
            assertTrue(log.contains("undeclared"), "the whole log is kept for --verbose: " + log);
        }
    }

    @Test
    void theKernelsAModelNeedsAreBuiltAsItLoadsNotWhenAPassFirstUsesThem() {
        try (OpenClBackend backend = new OpenClBackend(OpenClTestDevice.index()); Arena arena = Arena.ofConfined()) {
            assertEquals(0, backend.builtKernels());
            MemorySegment data = arena.allocate(GgmlType.F32.bytesFor(8) * 4, 8);
            backend.weight(new Tensor("a", GgmlType.F32, data, 4, 8));
            assertEquals(3, backend.builtKernels(), "embedding, mat-vec and mat-mul for F32 weights");
            backend.weight(new Tensor("b", GgmlType.F32, data, 4, 8));
            assertEquals(3, backend.builtKernels(), "built once per type");
            backend.kvCache(new KvShape(GgmlType.F16, 1, 16, 1, 8));
            assertEquals(3 + 2 + 4, backend.builtKernels(), "the KV cache's two kernels and the four float kernels of a pass");
        }
    }

    @Test
    void theFirstLineOfABuildLogSkipsBlankLines() {
        assertEquals("error: x", OpenClContext.firstLine("\n  \n error: x \nnote: y"));
        assertEquals("(the build log is empty)", OpenClContext.firstLine(" \n"));
    }
}
