-- wrk reports p50/p75/p90/p99 only; the figures to reach need p95. One machine-readable line per run.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d non_2xx_3xx=%d p50_us=%d p95_us=%d p99_us=%d\n",
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)
  ))
end
