package dev.cairn.download;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model of a repository: a GGUF file, or the parts {@code -00001-of-0000N.gguf} of a split one.
 *
 * @param name  the file name, or for a split model its name without the part numbers
 * @param parts in order; one for an unsplit file
 */
public record RemoteModel(String name, Optional<Quantization> quantization, List<RemoteFile> parts) {

    private static final Pattern SPLIT = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf");

    public RemoteModel {
        parts = List.copyOf(parts);
    }

    /** The GGUF models among {@code files}, split parts grouped, in name order. */
    public static List<RemoteModel> group(List<RemoteFile> files) {
        Map<String, List<RemoteFile>> byModel = new LinkedHashMap<>();
        for (RemoteFile file : files.stream().filter(f -> f.name().endsWith(".gguf"))
                .sorted(Comparator.comparing(RemoteFile::name)).toList()) {
            Matcher split = SPLIT.matcher(file.name());
            String key = split.matches() ? split.group(1) + ".gguf" : file.name();
            byModel.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
        }
        return byModel.entrySet().stream().map(e -> new RemoteModel(e.getKey(),
                Quantization.fromFileName(e.getKey()), e.getValue())).toList();
    }

    public long size() {
        long sum = 0;
        for (RemoteFile part : parts) {
            if (part.size() < 0) {
                return -1;
            }
            sum += part.size();
        }
        return sum;
    }

    /** More than one part ({@code -00001-of-00001.gguf} is a whole file, and loads as one). */
    public boolean isSplit() {
        Matcher split = SPLIT.matcher(parts.getFirst().name());
        return parts.size() > 1 || split.matches() && Integer.parseInt(split.group(3)) > 1;
    }

    /** Split parts, a vision projector, a type without kernels: why Cairn cannot run this file, judged from its name. */
    public Optional<String> whyNotRunnable() {
        if (isSplit()) {
            return Optional.of("split into " + parts.size() + " files, which Cairn cannot load yet (llama.cpp's"
                    + " llama-gguf-split --merge joins them)");
        }
        String file = parts.getFirst().fileName().toLowerCase(Locale.ROOT);
        if (file.startsWith("mmproj")) {
            return Optional.of("a vision projector (mmproj), not a language model");
        }
        return quantization.filter(q -> !q.supported())
                .map(q -> q.label() + " is a tensor type Cairn has no kernels for yet");
    }
}
