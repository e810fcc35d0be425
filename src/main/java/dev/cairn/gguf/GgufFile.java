package dev.cairn.gguf;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A parsed GGUF file (version 2 or 3) whose tensor data stays memory-mapped: tensors are read in place,
 * never copied onto the heap, so models larger than the heap (and than 4 GB) work.
 *
 * <p>The whole header is validated before the file is returned; see {@link GgufFormatException}. The
 * mapping belongs to a shared arena so that inference threads may read tensor data concurrently; after
 * {@link #close()} any access to a segment obtained from this file throws {@link IllegalStateException}.
 */
public final class GgufFile implements AutoCloseable {

    private final Path path;
    private final String name;
    private final FileChannel channel; // kept open for the file's current size: fstat, no path lookup
    private final Arena arena;
    private final MemorySegment segment;
    private final GgufHeaderReader.Header header;
    private final long fileSize;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GgufFile(Path path, String name, FileChannel channel, Arena arena, MemorySegment segment,
            GgufHeaderReader.Header header) {
        this(path, name, channel, arena, segment, header, segment.byteSize());
    }

    private GgufFile(Path path, String name, FileChannel channel, Arena arena, MemorySegment segment,
            GgufHeaderReader.Header header, long fileSize) {
        this.path = path;
        this.name = name;
        this.channel = channel;
        this.arena = arena;
        this.segment = segment;
        this.header = header;
        this.fileSize = fileSize;
        this.tensorsByName = new HashMap<>();
        for (GgufTensorInfo t : header.tensors()) {
            tensorsByName.put(t.name(), t);
        }
    }

    /** Maps and parses the file at {@code path}. */
    public static GgufFile open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            // Mapping a directory fails with the system's "No such device", which says nothing useful.
            throw new FileSystemException(path.toString(), null, "is a directory, not a GGUF file: give the .gguf file in it");
        }
        Arena arena = Arena.ofShared();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            // The same memory as a plain native segment: kernels then see one segment class whether weights
            // are mapped or copied off-heap (layer streaming), and C2 keeps them monomorphic. Two classes
            // flowing into one kernel made it box its vectors and run at half speed.
            MemorySegment segment = MemorySegment.ofAddress(mapped.address()).reinterpret(mapped.byteSize(), arena, null);
            String name = path.toString();
            return new GgufFile(path, name, channel, arena, segment, GgufHeaderReader.read(segment, name));
        } catch (Throwable t) {
            arena.close();
            channel.close();
            throw t;
        }
    }

    /**
     * Parses a GGUF image that is already in memory. The result does not own {@code segment}: closing it
     * does nothing, and the segment must stay alive while the file is used.
     *
     * @param name how the file is called in error messages
     */
    public static GgufFile parse(MemorySegment segment, String name) throws GgufFormatException {
        return new GgufFile(null, name, null, null, segment, GgufHeaderReader.read(segment, name));
    }

    /**
     * Parses the header of {@code path}, a file of {@code fileSize} bytes, from {@code prefix}, its first
     * bytes (a download that has just begun): metadata and tensor infos, validated as {@link #open} does,
     * tensors checked against {@code fileSize}. Empty when the header goes on past the prefix. The result
     * has no tensor data ({@link #tensorData} throws), and does not own {@code prefix}.
     */
    public static Optional<GgufFile> parseHeader(MemorySegment prefix, long fileSize, Path path) throws GgufFormatException {
        String name = path.toString();
        try {
            return Optional.of(new GgufFile(path, name, null, null, prefix,
                    GgufHeaderReader.readPrefix(prefix, fileSize, name), fileSize));
        } catch (GgufCursor.PrefixTooShort more) {
            return Optional.empty();
        }
    }

    /** The path given to {@link #open} or {@link #parseHeader}, or {@code null} for a file made by {@link #parse}. */
    public Path path() {
        return path;
    }

    /** The path as text, or the name given to {@link #parse}. */
    public String name() {
        return name;
    }

    /** GGUF format version: 2 or 3. */
    public int version() {
        return header.version();
    }

    /** Alignment of tensor data in bytes (general.alignment, default 32). */
    public int alignment() {
        return header.alignment();
    }

    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** All tensors in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<GgufTensorInfo> tensor(String tensorName) {
        return Optional.ofNullable(tensorsByName.get(tensorName));
    }

    /** The stored bytes of {@code tensor}, which must come from this file; a slice of the mapping, not a copy. */
    public MemorySegment tensorData(GgufTensorInfo tensor) {
        if (!tensor.equals(tensorsByName.get(tensor.name()))) {
            throw new IllegalArgumentException(name + ": " + tensor + " is not a tensor of this file");
        }
        return segment.asSlice(header.dataOffset() + tensor.offset(), tensor.byteSize());
    }

    /** Byte offset of the data section, to which tensor offsets are relative. */
    public long dataOffset() {
        return header.dataOffset();
    }

    public long fileSize() {
        return fileSize;
    }

    /**
     * Fails when the file on disk no longer has the size it was mapped with: touching the pages of a
     * truncated mapping faults, so callers check before use, and after a failure to say why.
     */
    public void checkUnchanged() throws IOException {
        if (channel == null) {
            return; // parsed from memory: nothing on disk to change
        }
        checkSize(channel.size());
    }

    /**
     * As {@link #checkUnchanged()}, measuring the file through {@code own}, a channel of the caller's: an
     * interrupt during the measurement (of a reader thread a caller cancels) then closes that channel, not
     * this file's, which other threads still use.
     */
    public void checkUnchanged(FileChannel own) throws IOException {
        checkSize(own.size());
    }

    private void checkSize(long size) throws FileChangedException {
        if (size != fileSize()) {
            throw new FileChangedException(path + " changed on disk while in use: it had " + fileSize()
                    + " bytes, now " + size);
        }
    }

    /** The whole file, read-only when opened from a path. */
    public MemorySegment segment() {
        return segment;
    }

    /** Unmaps the file (once; later calls do nothing). */
    @Override
    public void close() {
        if (arena != null && closed.compareAndSet(false, true)) {
            arena.close();
            try {
                channel.close();
            } catch (IOException e) {
                // closing a read-only channel loses nothing
            }
        }
    }

    @Override
    public String toString() {
        return name + " (GGUF v" + version() + ", " + metadata().size() + " keys, " + tensors().size() + " tensors)";
    }
}
