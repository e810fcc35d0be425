package dev.cairn.gpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.KvShape;
import dev.cairn.backend.Weight;

/** The shape checks every GPU backend makes before it enqueues a kernel that would read out of bounds. */
public final class Shapes {

    private Shapes() {
    }

    /** Throws unless {@code w} takes {@code x}'s rows into {@code out}'s, for {@code count} tokens. */
    public static void checkMatMul(Weight w, Activation x, Activation out, int count) {
        if (w.cols() != x.cols() || out.cols() != w.rows() || out.rows() < count) {
            throw new IllegalArgumentException(w.name() + " (" + w.rows() + " x " + w.cols() + ") does not take "
                    + x.cols() + " inputs into " + out.cols() + " outputs");
        }
    }

    /**
     * The query heads of {@code q}, checked to split into {@code shape}'s heads over its KV heads and to fit
     * its context at positions {@code firstPosition .. firstPosition + count}.
     */
    public static int attentionHeads(KvShape shape, Activation q, Activation out, int firstPosition, int count) {
        int heads = q.cols() / shape.headDim();
        if (heads * shape.headDim() != q.cols() || heads % shape.kvHeads() != 0 || out.cols() != q.cols()) {
            throw new IllegalArgumentException("queries of width " + q.cols() + " do not split into heads of "
                    + shape.headDim() + " over " + shape.kvHeads() + " KV heads");
        }
        if (firstPosition + count > shape.context()) {
            throw new IllegalArgumentException("positions up to " + (firstPosition + count) + " do not fit the context");
        }
        return heads;
    }
}
