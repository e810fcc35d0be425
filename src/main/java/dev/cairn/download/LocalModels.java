package dev.cairn.download;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The models folder: downloads land in {@code <root>/<owner>/<repository>/} (a plain URL's file in
 * {@code <root>/<host>/}); what is there, how large, when last loaded (kept in {@code model-usage.json} in
 * the data folder), which downloads are unfinished, and deleting one.
 */
public final class LocalModels {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEPTH = 4;

    /**
     * A model file, or an unfinished download of one.
     *
     * @param bytes    its size, or for an unfinished download the bytes that have arrived
     * @param expected for an unfinished download, the whole file's bytes (-1 when unknown)
     */
    public record Entry(Path file, long bytes, Optional<Instant> lastUsed, boolean unfinished, long expected) {
    }

    /** An unfinished download: enough to go on with it. */
    public record Unfinished(Path target, URI url, long size, Optional<String> sha256, long arrived) {
    }

    private final Path root;
    private final Path usageFile;

    public LocalModels(Path root, Path usageFile) {
        this.root = root.toAbsolutePath().normalize();
        this.usageFile = usageFile;
    }

    /** The models folder the settings in {@code dataRoot} name. */
    public static LocalModels of(Path dataRoot, HubSettings settings) {
        return new LocalModels(settings.modelsRoot(dataRoot), usageFile(dataRoot));
    }

    /** Where the data folder keeps when each model was last loaded. */
    public static Path usageFile(Path dataRoot) {
        return dataRoot.resolve("model-usage.json");
    }

    public Path root() {
        return root;
    }

    /** Where a model of {@code source} lands. */
    public Path folderFor(Source source) {
        return switch (source) {
            case Source.Repository repo -> root.resolve(repo.owner()).resolve(repo.name());
            case Source.Url url -> folderForUrl(url.uri());
        };
    }

    /** A hub-style {@code /owner/name/resolve/...} URL lands with its repository; any other URL in a folder named after its host. */
    private Path folderForUrl(URI uri) {
        String[] segments = uri.getPath().split("/");
        if (segments.length >= 6 && segments[3].equals("resolve") && Source.REPOSITORY.matcher(segments[1] + "/" + segments[2]).matches()) {
            return root.resolve(segments[1]).resolve(segments[2]);
        }
        return root.resolve(uri.getHost());
    }

    /** Bytes free on the disk of {@code folder}, or of the nearest folder above it that exists. */
    public static long usableSpace(Path folder) throws IOException {
        Path at = folder.toAbsolutePath();
        while (at.getParent() != null && !Files.exists(at)) {
            at = at.getParent();
        }
        return Files.getFileStore(at).getUsableSpace();
    }

    /** Bytes an unfinished download of {@code target} has kept, 0 when there is none. */
    public static long arrived(Path target) throws IOException {
        return new PartFile(target.toAbsolutePath().normalize()).length();
    }

    /** Model files and unfinished downloads, by path. */
    public List<Entry> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Map<String, Long> usage = usage();
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, DEPTH)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".gguf")) {
                    entries.add(new Entry(file, Files.size(file), Optional.ofNullable(usage.get(file.toString())).map(Instant::ofEpochMilli),
                            false, Files.size(file)));
                } else if (name.endsWith(".gguf" + PartFile.SUFFIX)) {
                    PartFile part = new PartFile(PartFile.targetOf(file).orElseThrow());
                    entries.add(new Entry(part.target(), Files.size(file), Optional.empty(), true,
                            part.state().map(PartFile.State::size).orElse(-1L)));
                }
            }
        }
        return entries;
    }

    /** The downloads that stopped before their end and can go on. */
    public List<Unfinished> unfinished() throws IOException {
        List<Unfinished> found = new ArrayList<>();
        for (Entry entry : list()) {
            if (entry.unfinished()) {
                PartFile part = new PartFile(entry.file());
                part.state().ifPresent(state -> found.add(new Unfinished(entry.file(), URI.create(state.url()), state.size(),
                        Optional.of(state.sha256()).filter(s -> !s.isEmpty()), entry.bytes())));
            }
        }
        return found;
    }

    /** Deletes the model {@code file} (or its unfinished download), and folders it leaves empty. */
    public void delete(Path file) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        if (!target.startsWith(root)) {
            throw new IOException(file + " is not in the models folder " + root);
        }
        Files.deleteIfExists(target);
        new PartFile(target).delete();
        for (Path folder = target.getParent(); !folder.equals(root) && folder.startsWith(root); folder = folder.getParent()) {
            try (Stream<Path> left = Files.list(folder)) {
                if (left.findAny().isPresent()) {
                    break;
                }
            }
            Files.delete(folder);
        }
        synchronized (LocalModels.class) {
            Map<String, Long> usage = usage();
            if (usage.remove(target.toString()) != null) {
                writeUsage(usage);
            }
        }
    }

    /** Notes that {@code file} was loaded at {@code when}. */
    public void markUsed(Path file, Instant when) throws IOException {
        synchronized (LocalModels.class) {
            Map<String, Long> usage = usage();
            usage.put(file.toAbsolutePath().normalize().toString(), when.toEpochMilli());
            writeUsage(usage);
        }
    }

    private Map<String, Long> usage() throws IOException {
        if (!Files.isRegularFile(usageFile)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(usageFile.toFile(), new TypeReference<Map<String, Long>>() { }));
        } catch (IOException e) {
            return new TreeMap<>(); // cut short by a crash: the dates start over
        }
    }

    private void writeUsage(Map<String, Long> usage) throws IOException {
        Files.createDirectories(usageFile.getParent());
        Path temporary = usageFile.resolveSibling(usageFile.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), usage);
        Files.move(temporary, usageFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Entries most recently used first, then by path. */
    public static Comparator<Entry> byLastUse() {
        return Comparator.comparing((Entry e) -> e.lastUsed().orElse(Instant.MIN)).reversed().thenComparing(Entry::file);
    }
}
