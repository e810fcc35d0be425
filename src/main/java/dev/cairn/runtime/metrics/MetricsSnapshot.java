package dev.cairn.runtime.metrics;

/**
 * Totals of an engine's activity since it was loaded. The difference of two snapshots
 * ({@link #minus}) describes what happened between them, such as one token.
 *
 * @param syncLoads     layer requests that had to wait for their bytes
 * @param ioNanos       time the I/O threads spent reading, summed over threads
 * @param computeNanos  time the forward pass spent computing layers (waits excluded)
 * @param budgetBytes   the budget the model was loaded under ({@link EngineMetrics#budget}), 0 when unbounded
 * @param uploadedBytes layer bytes uploaded into a GPU's memory (streaming into it)
 * @param uploadNanos   time the uploads took, from their submission to the device's signal, summed
 */
public record MetricsSnapshot(
        long elapsedNanos,
        long passes,
        long tokens,
        long requests,
        long hits,
        long syncLoads,
        long syncWaitNanos,
        long bytesRead,
        long ioNanos,
        long ioErrors,
        long evictions,
        long computeNanos,
        long cacheBytes,
        long peakCacheBytes,
        long budgetBytes,
        long uploadedBytes,
        long uploadNanos) {

    /** What happened between {@code earlier} and this snapshot; cache sizes and budget stay as now. */
    public MetricsSnapshot minus(MetricsSnapshot earlier) {
        return new MetricsSnapshot(elapsedNanos - earlier.elapsedNanos, passes - earlier.passes,
                tokens - earlier.tokens, requests - earlier.requests, hits - earlier.hits,
                syncLoads - earlier.syncLoads, syncWaitNanos - earlier.syncWaitNanos,
                bytesRead - earlier.bytesRead, ioNanos - earlier.ioNanos, ioErrors - earlier.ioErrors,
                evictions - earlier.evictions, computeNanos - earlier.computeNanos, cacheBytes, peakCacheBytes,
                budgetBytes, uploadedBytes - earlier.uploadedBytes, uploadNanos - earlier.uploadNanos);
    }

    /** Share of layer requests served without waiting (1 when there were none). */
    public double hitRate() {
        return requests == 0 ? 1 : (double) (requests - syncLoads) / requests;
    }

    public double syncLoadsPerToken() {
        return tokens == 0 ? 0 : (double) syncLoads / tokens;
    }

    /** Share of the forward pass's time spent waiting for layer bytes. */
    public double ioWaitShare() {
        long busy = computeNanos + syncWaitNanos;
        return busy == 0 ? 0 : (double) syncWaitNanos / busy;
    }

    /** The measured upload rate: bytes uploaded per second of upload time (NaN when nothing was uploaded). */
    public double uploadBytesPerSecond() {
        return uploadNanos == 0 ? Double.NaN : uploadedBytes * 1e9 / uploadNanos;
    }

    /**
     * The speed the bus allows: tokens per second if uploading the streamed layers were all a token cost
     * (NaN when nothing was uploaded).
     */
    public double busBoundTokensPerSecond() {
        return uploadNanos == 0 ? Double.NaN : tokens * 1e9 / uploadNanos;
    }

    /** Bytes read per second of wall time. */
    public double readBytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytesRead * 1e9 / elapsedNanos;
    }

    /** Tokens evaluated per second of wall time. */
    public double tokensPerSecond() {
        return elapsedNanos == 0 ? 0 : tokens * 1e9 / elapsedNanos;
    }
}
