package dev.cairn.backend;

import dev.cairn.tensor.quant.GgmlType;

/**
 * A weight tensor where a backend computes on it (a view of host memory for the CPU, a copy in device
 * memory for a GPU), in its stored type: a matrix of {@code rows x cols}, or a vector (one row). Valid
 * until the backend closes, or, for a layer handed out by a streaming cache, while that layer is held.
 */
public interface Weight {

    String name();

    GgmlType type();

    int rows();

    int cols();
}
