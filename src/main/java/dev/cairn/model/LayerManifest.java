package dev.cairn.model;

import dev.cairn.backend.Backend;
import dev.cairn.backend.Weight;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every layer's tensors in a model file, by role, each checked against the shape the config implies: the
 * one description of a layer that residency, layer streaming and the memory plan derive from.
 */
public final class LayerManifest {

    private final ModelConfig config;
    private final List<LayerTensor> roles;       // the architecture's, in role order
    private final List<LayerTensor> streamedRoles; // its matrices
    private final GgufTensorInfo[][] infos;      // (layers, LayerTensor count) null for roles the architecture lacks
    private final Set<String> streamedNames;     // names of every layer's matrices

    private LayerManifest(ModelConfig config, GgufTensorInfo[][] infos) {
        this.config = config;
        this.roles = List.copyOf(config.architecture().layerTensors());
        this.streamedRoles = roles.stream().filter(LayerTensor::streams).toList();
        this.infos = infos;
        Set<String> names = new HashSet<>();
        for (GgufTensorInfo[] layer : infos) {
            for (LayerTensor role : streamedRoles) {
                names.add(layer[role.ordinal()].name());
            }
        }
        this.streamedNames = Set.copyOf(names);
    }

    /** The layers of {@code file}; fails with the reason when a tensor is missing or has the wrong shape. */
    public static LayerManifest of(GgufFile file, ModelConfig config) {
        GgufTensorInfo[][] infos = new GgufTensorInfo[config.layers()][LayerTensor.values().length];
        for (int l = 0; l < config.layers(); l++) {
            for (LayerTensor role : config.architecture().layerTensors()) {
                String name = role.ggufName(l);
                infos[l][role.ordinal()] = role.streams()
                        ? TensorShapes.matrix(file, name, role.rows(config), role.cols(config))
                        : TensorShapes.vector(file, name, role.cols(config));
            }
        }
        return new LayerManifest(config, infos);
    }

    public ModelConfig config() {
        return config;
    }

    public int layers() {
        return infos.length;
    }

    /** The tensors of a layer of this architecture, in role order. */
    public List<LayerTensor> roles() {
        return roles;
    }

    /** The matrices of a layer, in role order: what streaming reads. */
    public List<LayerTensor> streamedRoles() {
        return streamedRoles;
    }

    public GgufTensorInfo info(int layer, LayerTensor role) {
        GgufTensorInfo info = infos[layer][role.ordinal()];
        if (info == null) {
            throw new IllegalArgumentException(config.architecture().ggufName() + " layers have no " + role);
        }
        return info;
    }

    /** Whether the file's tensor {@code name} is a layer matrix (read every pass when streaming). */
    public boolean streams(String name) {
        return streamedNames.contains(name);
    }

    /** Bytes of {@code layer}'s matrices: what streaming reads for it. */
    public long streamedBytes(int layer) {
        long sum = 0;
        for (LayerTensor role : streamedRoles) {
            sum += infos[layer][role.ordinal()].byteSize();
        }
        return sum;
    }

    /** Layer {@code layer} on {@code backend}, each tensor's bytes from {@code bytes} (the mapping, a copy, a slot). */
    public Layer layer(int layer, Function<LayerTensor, MemorySegment> bytes, Backend backend) {
        return layer(layer, bytes, (role, tensor) -> backend.weight(tensor));
    }

    /** Layer {@code layer} with each tensor (its bytes from {@code bytes}) made a weight by {@code weight}. */
    public Layer layer(int layer, Function<LayerTensor, MemorySegment> bytes, BiFunction<LayerTensor, Tensor, Weight> weight) {
        Weight[] weights = new Weight[LayerTensor.values().length];
        for (LayerTensor role : roles) {
            GgufTensorInfo info = info(layer, role);
            Tensor tensor = new Tensor(info.name(), info.type(), bytes.apply(role), role.rows(config), role.cols(config));
            weights[role.ordinal()] = weight.apply(role, tensor);
        }
        return new Layer(weights);
    }
}
