package dev.cairn.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the OpenCL device list reads what the loader answers: no OpenCL runtime is needed. */
class OpenClDevicesTest {

    @Test
    void onlyDeviceNotFoundMeansAPlatformWithoutDevicesOtherErrorsAreOneLine() {
        assertTrue(OpenClDevices.hasDevices(0, "PoCL"));
        assertFalse(OpenClDevices.hasDevices(-1, "PoCL"), "CL_DEVICE_NOT_FOUND: skipped");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> OpenClDevices.hasDevices(-6, "Vendor X"));
        assertEquals("OpenCL platform Vendor X could not list its devices: clGetDeviceIDs failed: CL_OUT_OF_HOST_MEMORY (-6)",
                e.getMessage());
    }

    @Test
    void platformsWithoutDevicesAreSaidAsSuchNotAsNoPlatform() {
        String message = OpenClDevices.noDevices(List.of("Portable Computing Language", "Clover"));
        assertTrue(message.startsWith("OpenCL has 2 platforms (Portable Computing Language, Clover) but no device"), message);
        assertFalse(message.contains("no platform"), message);
        assertTrue(OpenClDevices.noDevices(List.of("Clover")).startsWith("OpenCL has a platform (Clover) but no device"));
    }
}
