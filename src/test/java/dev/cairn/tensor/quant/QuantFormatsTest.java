package dev.cairn.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantFormatsTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void eachStorageTypeHasOneFormat(GgmlType type) {
        QuantFormat format = QuantFormats.of(type);
        assertEquals(type, format.type());
        assertSame(format, QuantFormats.of(type));
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"})
    void activationTypesAreRejectedByName(GgmlType type) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantFormats.of(type));
        assertTrue(e.getMessage().contains(type.name()), e.getMessage());
    }

    @Test
    void kernelWidthIsChosenAtStartUp() {
        assertTrue(Kernels.describe().startsWith("Vector API"), Kernels.describe());
    }
}
