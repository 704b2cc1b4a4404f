import { useRuntimeConfig } from "../config/runtime-config-context";
import type { LiveStatus } from "./use-live-query";

/** Says how a view stays current: streaming, or polling and why. */
export function LiveBadge(props: { status: LiveStatus }) {
  const { pollIntervalMs } = useRuntimeConfig();
  const { source, streamError } = props.status;
  const text =
    source === "stream"
      ? "Live: streaming"
      : source === "poll"
        ? `Live: polling every ${pollIntervalMs / 1000} s`
        : "Connecting…";
  return (
    <span
      className={`live-badge live-${source}`}
      data-live-source={source}
      data-stream-error={streamError?.code}
      title={
        streamError ? `Stream unavailable: ${streamError.code} ${streamError.message}` : undefined
      }
    >
      {text}
      {streamError && (
        <span className="visually-hidden"> (stream unavailable: {streamError.code})</span>
      )}
    </span>
  );
}
