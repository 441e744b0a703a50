// The HTTP shape Mattermost's ServeHTTP hook gives a plugin: a request whose body streams in,
// and a response writer with Go's semantics (headers fixed at the first write or writeHead,
// an implicit 200 when the handler writes without choosing a status).

export interface HttpRequest {
    method: string;
    /** Path and query as the plugin sees them, e.g. '/api/v1/runs?channel_id=x'; the '/plugins/<id>' prefix is already gone. */
    url: string;
    /** Header names lower-cased; a header may repeat. */
    headers: Record<string, string[]>;
    body: AsyncIterable<Uint8Array>;
}

export interface HttpResponse {
    setHeader(name: string, value: string): void;
    writeHead(status: number): void;
    write(chunk: Uint8Array | string): Promise<void>;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse) => Promise<void>;
