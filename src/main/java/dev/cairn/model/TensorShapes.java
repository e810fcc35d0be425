package dev.cairn.model;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import java.util.Arrays;

/** Finds a model's tensors in its file and checks their shapes, with the reason when one is wrong. */
final class TensorShapes {

    private TensorShapes() {
    }

    static GgufTensorInfo require(GgufFile file, String name) {
        return file.tensor(name).orElseThrow(() -> new UnsupportedModelException(
                file.path() + ": tensor '" + name + "' is missing"));
    }

    /** A matrix of {@code rows x cols}: GGUF lists the row length first. */
    static GgufTensorInfo matrix(GgufFile file, String name, int rows, int cols) {
        GgufTensorInfo info = require(file, name);
        long[] dims = info.dims();
        if (dims.length != 2 || dims[0] != cols || dims[1] != rows) {
            throw new UnsupportedModelException(file.path() + ": tensor '" + name + "' has shape "
                    + Arrays.toString(dims) + ", expected [" + cols + ", " + rows + "]");
        }
        return info;
    }

    /** A vector of {@code length} elements. */
    static GgufTensorInfo vector(GgufFile file, String name, int length) {
        GgufTensorInfo info = require(file, name);
        if (info.elementCount() != length) {
            throw new UnsupportedModelException(file.path() + ": tensor '" + name + "' has "
                    + info.elementCount() + " elements, expected " + length);
        }
        return info;
    }
}
