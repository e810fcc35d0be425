package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ModelSummary;
import java.util.Locale;

/** What a model's header says, read from a download's first bytes: the model and its first load's memory plan. */
public record HeaderReport(ModelSummary summary, MemoryPlan plan) {

    /** "llama, 1.10 B parameters, context 2,048 tokens; Q4_0 96%, Q6_K 4%" */
    public String describe() {
        return String.format(Locale.ROOT, "%s, %s parameters, context %,d tokens; %s; %s of weights",
                summary.architecture(), summary.parametersText(), summary.contextLength(), summary.quantization(),
                Bytes.format(plan.weightsBytes()));
    }
}
