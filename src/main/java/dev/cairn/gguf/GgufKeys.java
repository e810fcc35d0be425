package dev.cairn.gguf;

/**
 * Every GGUF metadata key and tensor name Cairn uses, spelled exactly as llama.cpp writes them, so that a
 * typo can only happen in one place.
 *
 * <p>Keys that start with {@code %s} are per-architecture templates ({@code llama.block_count},
 * {@code qwen2.block_count}, ...): expand them with {@link #arch(String, String)} or the named helpers.
 * Tensor names that start with {@code blk.%d} are per-layer templates: expand them with
 * {@link #layer(int, String)}.
 */
public final class GgufKeys {

    public static final String GENERAL_ARCHITECTURE = "general.architecture";
    public static final String GENERAL_ALIGNMENT = "general.alignment";
    public static final String GENERAL_NAME = "general.name";
    public static final String GENERAL_FILE_TYPE = "general.file_type";
    public static final String GENERAL_PARAMETER_COUNT = "general.parameter_count";
    public static final String GENERAL_QUANTIZATION_VERSION = "general.quantization_version";

    public static final String CONTEXT_LENGTH = "%s.context_length";
    public static final String EMBEDDING_LENGTH = "%s.embedding_length";
    public static final String BLOCK_COUNT = "%s.block_count";
    public static final String FEED_FORWARD_LENGTH = "%s.feed_forward_length";
    public static final String HEAD_COUNT = "%s.attention.head_count";
    public static final String HEAD_COUNT_KV = "%s.attention.head_count_kv";
    public static final String RMS_EPSILON = "%s.attention.layer_norm_rms_epsilon";
    public static final String KEY_LENGTH = "%s.attention.key_length";
    public static final String VALUE_LENGTH = "%s.attention.value_length";
    public static final String ROPE_FREQ_BASE = "%s.rope.freq_base";
    public static final String ROPE_DIMENSION_COUNT = "%s.rope.dimension_count";
    public static final String ROPE_SCALING_TYPE = "%s.rope.scaling.type";
    public static final String ROPE_SCALING_FACTOR = "%s.rope.scaling.factor";
    public static final String ROPE_SCALING_ORIGINAL_CONTEXT_LENGTH = "%s.rope.scaling.original_context_length";
    public static final String VOCAB_SIZE = "%s.vocab_size";

    public static final String TOKENIZER_MODEL = "tokenizer.ggml.model";
    public static final String TOKENIZER_PRE = "tokenizer.ggml.pre";
    public static final String TOKENIZER_TOKENS = "tokenizer.ggml.tokens";
    public static final String TOKENIZER_SCORES = "tokenizer.ggml.scores";
    public static final String TOKENIZER_TOKEN_TYPE = "tokenizer.ggml.token_type";
    public static final String TOKENIZER_MERGES = "tokenizer.ggml.merges";
    public static final String TOKENIZER_BOS_ID = "tokenizer.ggml.bos_token_id";
    public static final String TOKENIZER_EOS_ID = "tokenizer.ggml.eos_token_id";
    public static final String TOKENIZER_UNKNOWN_ID = "tokenizer.ggml.unknown_token_id";
    public static final String TOKENIZER_PADDING_ID = "tokenizer.ggml.padding_token_id";
    public static final String TOKENIZER_EOT_ID = "tokenizer.ggml.eot_token_id";
    public static final String TOKENIZER_EOM_ID = "tokenizer.ggml.eom_token_id";
    public static final String TOKENIZER_FIM_PAD_ID = "tokenizer.ggml.fim_pad_token_id";
    public static final String TOKENIZER_FIM_REP_ID = "tokenizer.ggml.fim_rep_token_id";
    public static final String TOKENIZER_FIM_SEP_ID = "tokenizer.ggml.fim_sep_token_id";
    public static final String TOKENIZER_ADD_BOS = "tokenizer.ggml.add_bos_token";
    public static final String TOKENIZER_ADD_EOS = "tokenizer.ggml.add_eos_token";
    public static final String TOKENIZER_ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";
    public static final String CHAT_TEMPLATE = "tokenizer.chat_template";

    public static final String TOKEN_EMBEDDING = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm.weight";
    public static final String OUTPUT = "output.weight";
    public static final String ROPE_FREQS = "rope_freqs.weight";

    public static final String ATTN_NORM = "blk.%d.attn_norm.weight";
    public static final String ATTN_Q = "blk.%d.attn_q.weight";
    public static final String ATTN_K = "blk.%d.attn_k.weight";
    public static final String ATTN_V = "blk.%d.attn_v.weight";
    public static final String ATTN_OUTPUT = "blk.%d.attn_output.weight";
    public static final String ATTN_Q_BIAS = "blk.%d.attn_q.bias";
    public static final String ATTN_K_BIAS = "blk.%d.attn_k.bias";
    public static final String ATTN_V_BIAS = "blk.%d.attn_v.bias";
    public static final String ATTN_OUTPUT_BIAS = "blk.%d.attn_output.bias";
    public static final String ATTN_Q_NORM = "blk.%d.attn_q_norm.weight";
    public static final String ATTN_K_NORM = "blk.%d.attn_k_norm.weight";
    public static final String FFN_NORM = "blk.%d.ffn_norm.weight";
    public static final String FFN_GATE = "blk.%d.ffn_gate.weight";
    public static final String FFN_UP = "blk.%d.ffn_up.weight";
    public static final String FFN_DOWN = "blk.%d.ffn_down.weight";

    private GgufKeys() {
    }

    /** Expands a {@code %s.} key template for {@code architecture}, e.g. {@code llama.block_count}. */
    public static String arch(String template, String architecture) {
        return template.formatted(architecture);
    }

    /** Expands a {@code blk.%d.} tensor name template for layer {@code layer}, e.g. {@code blk.3.ffn_up.weight}. */
    public static String layer(int layer, String template) {
        return template.formatted(layer);
    }

    public static String contextLength(String architecture) {
        return arch(CONTEXT_LENGTH, architecture);
    }

    public static String embeddingLength(String architecture) {
        return arch(EMBEDDING_LENGTH, architecture);
    }

    public static String blockCount(String architecture) {
        return arch(BLOCK_COUNT, architecture);
    }

    public static String feedForwardLength(String architecture) {
        return arch(FEED_FORWARD_LENGTH, architecture);
    }

    public static String headCount(String architecture) {
        return arch(HEAD_COUNT, architecture);
    }

    public static String headCountKv(String architecture) {
        return arch(HEAD_COUNT_KV, architecture);
    }

    public static String rmsEpsilon(String architecture) {
        return arch(RMS_EPSILON, architecture);
    }

    public static String keyLength(String architecture) {
        return arch(KEY_LENGTH, architecture);
    }

    public static String valueLength(String architecture) {
        return arch(VALUE_LENGTH, architecture);
    }

    public static String ropeFreqBase(String architecture) {
        return arch(ROPE_FREQ_BASE, architecture);
    }

    public static String ropeDimensionCount(String architecture) {
        return arch(ROPE_DIMENSION_COUNT, architecture);
    }

    public static String ropeScalingType(String architecture) {
        return arch(ROPE_SCALING_TYPE, architecture);
    }

    public static String ropeScalingFactor(String architecture) {
        return arch(ROPE_SCALING_FACTOR, architecture);
    }

    public static String ropeScalingOriginalContextLength(String architecture) {
        return arch(ROPE_SCALING_ORIGINAL_CONTEXT_LENGTH, architecture);
    }

    public static String vocabSize(String architecture) {
        return arch(VOCAB_SIZE, architecture);
    }
}
