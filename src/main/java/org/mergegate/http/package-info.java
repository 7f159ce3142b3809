/**
 * The wire, for every outside system merge-gate talks to (GitLab, blunderbuss, serve's webhooks):
 * {@link org.mergegate.http.HttpTransport} sends one request over the JDK's {@code
 * HttpURLConnection} and {@link org.mergegate.http.Json} reads and writes JSON trees with
 * jackson-core's streaming parser. Both exist for start-up time: the gate is a short-lived CI job,
 * and {@code java.net.http.HttpClient} (which sets up TLS even for {@code http://}) and Jackson's
 * {@code ObjectMapper} each cost more than the whole evaluation. What a request means, and whether
 * to retry it, stays with the adapter that sends it.
 */
package org.mergegate.http;
