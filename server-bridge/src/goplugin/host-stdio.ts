// The plugin process's stdout and stderr are pipes the host reads (the handshake line, the
// log). A failed write there (EPIPE, a reset socket) means the host is gone, as it does for
// a Go plugin, which SIGPIPE kills. So a failure is never logged (to the same dead stream,
// which would fail again, forever): the stream is marked broken, writes stop, and whoever
// listens (go-plugin's Serve) ends the process.
import type {Writable} from 'stream';

export type BrokenListener = (reason: string) => void;

export class HostStdio {
    private brokenReason: string | null = null;
    private readonly listeners = new Set<BrokenListener>();

    constructor(private readonly stdout: Writable, private readonly stderr: Writable) {
        // A listener keeps Node from turning the error into an uncaught exception.
        stdout.on('error', (err: NodeJS.ErrnoException) => this.markBroken(`stdout: ${err.code ?? err.message}`));
        stderr.on('error', (err: NodeJS.ErrnoException) => this.markBroken(`stderr: ${err.code ?? err.message}`));
    }

    /** Why the host's stdio failed, or null while it works. */
    get broken(): string | null {
        return this.brokenReason;
    }

    writeStdout(text: string): void {
        this.write(this.stdout, 'stdout', text);
    }

    /** One log line for the host; dropped once stdio failed. */
    writeStderr(text: string): void {
        this.write(this.stderr, 'stderr', text);
    }

    /** Called once when a write fails (at once if one already did); returns the unsubscribe. */
    onBroken(listener: BrokenListener): () => void {
        if (this.brokenReason !== null) {
            listener(this.brokenReason);
            return () => undefined;
        }
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private write(stream: Writable, name: string, text: string): void {
        if (this.brokenReason !== null || stream.destroyed) {
            return;
        }
        try {
            stream.write(text);
        } catch (err) {
            this.markBroken(`${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
    }

    private markBroken(reason: string): void {
        if (this.brokenReason !== null) {
            return;
        }
        this.brokenReason = reason;
        for (const listener of [...this.listeners]) {
            listener(reason);
        }
        this.listeners.clear();
    }
}

let processStdio: HostStdio | null = null;

/** The process's own stdout and stderr, watched once for the whole process. */
export function hostStdio(): HostStdio {
    processStdio ??= new HostStdio(process.stdout, process.stderr);
    return processStdio;
}
