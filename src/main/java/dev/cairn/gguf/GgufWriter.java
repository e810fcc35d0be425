package dev.cairn.gguf;

import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes GGUF version 3 files:
 *
 * <pre>{@code
 * new GgufWriter()
 *         .metadata(GgufMetadata.builder().putString(GgufKeys.GENERAL_ARCHITECTURE, "llama").build())
 *         .tensor("token_embd.weight", GgmlType.F32, new long[] {64, 512}, bytes)
 *         .write(path);
 * }</pre>
 *
 * Tensors are laid out in the order they were added, each at an offset aligned to the alignment and
 * followed by zero padding up to the next one, as llama.cpp does. Tensor bytes go to the file through one
 * buffer of whole rows ({@link #bufferBytes}), filled by the tensor's {@link TensorSource} a few rows at a
 * time: a file of any size (a 70B model's 40 GB) is written in the memory of that buffer. The file is
 * sized first and pieces of zeros are skipped, leaving holes that read as zeros (a sparse file). The file
 * is written next to {@code path} and moved into place when complete.
 */
public final class GgufWriter {

    /** Fills the stored bytes of one tensor, a run of whole rows at a time. */
    @FunctionalInterface
    public interface TensorSource {
        /**
         * Writes the stored bytes of rows {@code firstRow} onwards into {@code target}, which holds a whole
         * number of rows (a row is {@code dims[0]} elements); may use any threads.
         */
        void write(long firstRow, MemorySegment target) throws IOException;
    }

    /** Told after every buffer written: {@code written} of the file's {@code total} bytes are on disk. */
    @FunctionalInterface
    public interface ProgressListener {
        void written(long written, long total);
    }

    /** The default buffer: large enough for the disk to take long writes, small beside any model. */
    public static final long DEFAULT_BUFFER_BYTES = 32L << 20;
    /** Zeros that buffers are compared with, a run at a time, to leave holes for them. */
    private static final long ZERO_RUN = 16 << 10;
    /**
     * A huge page: Cairn's writers (this one, downloads) put a model file on disk in whole pieces of this size
     * at offsets that are multiples of it, so the page cache holds it in folios that map as huge pages.
     */
    public static final int PIECE = 2 << 20;

    private record PendingTensor(String name, GgmlType type, long[] dims, long byteSize, TensorSource source) {
    }

    private GgufMetadata metadata = GgufMetadata.builder().build();
    private Integer alignment;
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long bufferBytes = DEFAULT_BUFFER_BYTES;
    private ProgressListener progress = (written, total) -> { };
    private WriteObserver writes = (position, length) -> { };
    private long bufferedBytes;

    /** Replaces all metadata; {@code general.alignment}, if present, sets the alignment. */
    public GgufWriter metadata(GgufMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        return this;
    }

    /** Sets the alignment (a power of two) and records it as {@code general.alignment} (UINT32). */
    public GgufWriter alignment(int alignment) {
        if (!GgufHeaderReader.isValidAlignment(alignment)) {
            throw new IllegalArgumentException("alignment " + alignment + " is not a power of two from 1 to "
                    + GgufHeaderReader.MAX_ALIGNMENT);
        }
        this.alignment = alignment;
        return this;
    }

    /** Sets the bytes buffered between a tensor source and the file (raised to one row where a row is larger). */
    public GgufWriter bufferBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the write buffer needs at least one byte");
        }
        this.bufferBytes = bytes;
        return this;
    }

    public GgufWriter progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * The bytes the last {@link #write} held for tensor data (its row buffer, the part of a piece it carries
     * from one fill to the next, and a run of zeros): all it used.
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Adds a tensor whose bytes {@code source} writes when the file is written. */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, TensorSource source) {
        Objects.requireNonNull(source, "source");
        return add(name, type, dims, checkedByteSize(name, type, dims), source);
    }

    /** Adds a tensor with the given stored bytes, which are read when the file is written. */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, MemorySegment data) {
        long byteSize = checkedByteSize(name, type, dims);
        if (data.byteSize() != byteSize) {
            throw new IllegalArgumentException("tensor '" + name + "': " + data.byteSize() + " bytes given, a "
                    + type + " tensor of shape " + Arrays.toString(dims) + " takes " + byteSize);
        }
        long rowBytes = type.bytesFor(dims[0]);
        return add(name, type, dims, byteSize,
                (firstRow, target) -> target.copyFrom(data.asSlice(firstRow * rowBytes, target.byteSize())));
    }

    /** Adds a tensor with the given stored bytes; the array is not copied and must not change until written. */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, byte[] data) {
        return tensor(name, type, dims, MemorySegment.ofArray(data));
    }

    /**
     * A writer holding everything {@code file} holds (metadata and tensors, whose bytes are read from
     * the file when written), to edit and write elsewhere. The file must stay open until then.
     */
    public static GgufWriter copyOf(GgufFile file) {
        GgufWriter writer = new GgufWriter().metadata(file.metadata());
        for (GgufTensorInfo t : file.tensors()) {
            writer.tensor(t.name(), t.type(), t.dims(), file.tensorData(t));
        }
        return writer;
    }

    /** Writes the file, replacing {@code path} only once the new file is complete. */
    public void write(Path path) throws IOException {
        GgufMetadata finalMetadata = finalMetadata();
        int align = alignmentOf(finalMetadata);
        long[] offsets = new long[tensors.size()];
        long dataSize = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = dataSize;
            dataSize = Math.addExact(dataSize, GgufHeaderReader.alignUp(tensors.get(i).byteSize(), align));
        }
        byte[] header = header(finalMetadata, offsets);
        long dataOffset = tensors.isEmpty() ? header.length : GgufHeaderReader.alignUp(header.length, align);

        Path partial = path.resolveSibling(path.getFileName() + ".part");
        try {
            writeFile(partial, header, dataOffset, Math.addExact(dataOffset, dataSize), offsets);
            move(partial, path);
        } catch (Throwable t) {
            Files.deleteIfExists(partial);
            throw t;
        }
    }

    private long checkedByteSize(String name, GgmlType type, long[] dims) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dims, "dims");
        if (names.contains(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        try {
            return GgufTensorInfo.byteSizeOf(type, dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private GgufWriter add(String name, GgmlType type, long[] dims, long byteSize, TensorSource source) {
        names.add(name);
        tensors.add(new PendingTensor(name, type, dims.clone(), byteSize, source));
        return this;
    }

    private GgufMetadata finalMetadata() {
        return alignment == null ? metadata
                : metadata.toBuilder().putUint32(GgufKeys.GENERAL_ALIGNMENT, alignment).build();
    }

    private static int alignmentOf(GgufMetadata metadata) {
        GgufValueType type = metadata.type(GgufKeys.GENERAL_ALIGNMENT).orElse(null);
        if (type == null) {
            return GgufHeaderReader.DEFAULT_ALIGNMENT;
        }
        OptionalLong value = type.integerValue(metadata.get(GgufKeys.GENERAL_ALIGNMENT).orElseThrow());
        if (value.isEmpty() || !GgufHeaderReader.isValidAlignment(value.getAsLong())) {
            throw new IllegalArgumentException(GgufKeys.GENERAL_ALIGNMENT + " must be a power of two from 1 to "
                    + GgufHeaderReader.MAX_ALIGNMENT);
        }
        return (int) value.getAsLong();
    }

    private byte[] header(GgufMetadata finalMetadata, long[] offsets) {
        GgufEncoder out = new GgufEncoder();
        out.u32(GgufHeaderReader.MAGIC);
        out.u32(3);
        out.u64(tensors.size());
        out.u64(finalMetadata.size());
        for (String key : finalMetadata.keys()) {
            GgufValueType type = finalMetadata.type(key).orElseThrow();
            out.string(key);
            out.u32(type.id());
            out.value(type, finalMetadata.get(key).orElseThrow());
        }
        for (int i = 0; i < offsets.length; i++) {
            PendingTensor t = tensors.get(i);
            out.string(t.name());
            out.u32(t.dims().length);
            for (long d : t.dims()) {
                out.u64(d);
            }
            out.u32(t.type().id());
            out.u64(offsets[i]);
        }
        return out.toByteArray();
    }

    /**
     * Header, then each tensor's rows through one reused buffer (padding stays zero); progress after every
     * fill. The buffer goes to the file in whole {@link #PIECE}s at offsets that are multiples of it (smaller
     * pieces with a buffer under 4 MiB); what is past the last whole piece moves to the buffer's front for the
     * next fill. Written in 2 MiB pieces at 2 MiB offsets, a file sits in the page cache in 2 MiB folios and a
     * model maps as 2 MiB pages, which decoded and streamed faster here (README, "Page size").
     */
    private void writeFile(Path file, byte[] header, long dataOffset, long fileSize, long[] offsets)
            throws IOException {
        long largestRow = tensors.stream().mapToLong(t -> t.type().bytesFor(t.dims()[0])).max().orElse(0);
        long rowBuffer = Math.max(bufferBytes, largestRow);
        long piece = Math.min(PIECE, Math.max(1, Long.highestOneBit(rowBuffer) / 2));
        bufferedBytes = rowBuffer + piece + ZERO_RUN;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = out.getChannel();
                Arena arena = Arena.ofShared()) {
            out.setLength(0);
            out.setLength(fileSize); // sized first, without writing a byte: what is never written reads as zeros
            MemorySegment buffer = arena.allocate(rowBuffer + piece, 4096); // (carried bytes, then a fill of rows)
            byte[] headerAndPadding = Arrays.copyOf(header, Math.toIntExact(dataOffset));
            writeFully(channel, MemorySegment.ofArray(headerAndPadding), 0);
            MemorySegment zeros = arena.allocate(ZERO_RUN);
            long at = dataOffset; // the file offset of buffer[0]
            long held = 0;        // bytes in the buffer
            for (int i = 0; i < offsets.length; i++) {
                PendingTensor t = tensors.get(i);
                long start = dataOffset + offsets[i];
                if (start - at > buffer.byteSize() - rowBuffer) { // padding wider than the room: write what is held
                    writePieces(channel, buffer.asSlice(0, held), at, piece, zeros);
                    at = start;
                    held = 0;
                }
                buffer.asSlice(held, start - at - held).fill((byte) 0);
                held = start - at;
                long rowBytes = t.type().bytesFor(t.dims()[0]);
                long rows = t.byteSize() / rowBytes;
                long rowsPerFill = Math.max(1, rowBuffer / rowBytes);
                for (long row = 0; row < rows; row += rowsPerFill) {
                    MemorySegment fill = buffer.asSlice(held, Math.min(rowsPerFill, rows - row) * rowBytes);
                    t.source().write(row, fill);
                    held += fill.byteSize();
                    long whole = (at + held) / piece * piece - at; // bytes up to the last whole piece's end
                    if (whole > 0) {
                        writePieces(channel, buffer.asSlice(0, whole), at, piece, zeros);
                        MemorySegment.copy(buffer, whole, buffer, 0, held - whole);
                        at += whole;
                        held -= whole;
                    }
                    progress.written(at, fileSize);
                }
            }
            writePieces(channel, buffer.asSlice(0, held), at, piece, zeros);
            progress.written(fileSize, fileSize);
        }
    }

    /**
     * Writes {@code bytes} at {@code position} a piece at a time (cut where the file's pieces end), leaving a
     * hole (the file is sized first) where a piece is all zeros.
     */
    private void writePieces(FileChannel channel, MemorySegment bytes, long position, long piece, MemorySegment zeros)
            throws IOException {
        for (long from = 0; from < bytes.byteSize(); ) {
            long to = Math.min(bytes.byteSize(), ((position + from) / piece + 1) * piece - position);
            MemorySegment slice = bytes.asSlice(from, to - from);
            if (!isZero(slice, zeros)) {
                writes.wrote(position + from, slice.byteSize());
                writeFully(channel, slice, position + from);
            }
            from = to;
        }
    }

    /** Told of every write of tensor data; for tests. */
    @FunctionalInterface
    interface WriteObserver {
        void wrote(long position, long length);
    }

    GgufWriter observeWrites(WriteObserver observer) {
        this.writes = Objects.requireNonNull(observer, "observer");
        return this;
    }

    private static boolean isZero(MemorySegment bytes, MemorySegment zeros) {
        for (long at = 0; at < bytes.byteSize(); at += ZERO_RUN) {
            long n = Math.min(ZERO_RUN, bytes.byteSize() - at);
            if (bytes.asSlice(at, n).mismatch(zeros.asSlice(0, n)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel channel, MemorySegment bytes, long position) throws IOException {
        ByteBuffer buffer = bytes.asByteBuffer();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
