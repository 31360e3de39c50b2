package dev.airlock.egress;

/** How a client asked the proxy for a destination. JSON names: {@code http-connect}, {@code http}, {@code socks5}. */
public enum Protocol {
    /** {@code CONNECT host:port}: a tunnel, usually TLS. */
    HTTP_CONNECT,
    /** An absolute-form plain HTTP request ({@code GET http://host/path}): one request per connection. */
    HTTP,
    /** A SOCKS5 {@code CONNECT} (no authentication, names resolved by the proxy). */
    SOCKS5
}
