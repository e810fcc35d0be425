package dev.cairn.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
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
    void theFirstLineOfABuildLogSkipsBlankLines() {
        assertEquals("error: x", OpenClContext.firstLine("\n  \n error: x \nnote: y"));
        assertEquals("(the build log is empty)", OpenClContext.firstLine(" \n"));
    }
}
