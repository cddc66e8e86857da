// The part of autocannon 8's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface AutocannonRequest {
    /** Called before each request on a connection; returns the request to send. */
    setupRequest?: (request: { path: string; method?: string }, context: object) => { path: string; method?: string };
    /** Called with each response's status and body. */
    onResponse?: (status: number, body: string, context: object) => void;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds without an answer before a request counts as a timeout. */
    timeout?: number;
    requests?: AutocannonRequest[];
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
    total: number;
  }
  interface AutocannonResult {
    latency: Histogram;
    requests: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
