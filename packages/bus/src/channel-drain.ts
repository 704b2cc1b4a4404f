import type { Channel } from "amqplib";

/**
 * Resolves once a channel whose publish returned false accepts writes again. Rejects when the
 * channel closes first: its 'drain' would never come, and a publisher waiting for it would hang.
 */
export function whenDrained(channel: Channel): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      channel.off("drain", onDrain);
      channel.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => finish();
    const onClose = () => finish(new Error("channel closed while waiting for it to drain"));
    channel.on("drain", onDrain);
    channel.on("close", onClose);
  });
}
