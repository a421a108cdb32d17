package org.firmament.bootstrap;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

/**
 * Bootstrap: answers requests that offer a protocol upgrade (for example {@code Upgrade: h2c},
 * which Java's HttpClient and curl send by default) over plain HTTP/1.1, as RFC 9110 allows.
 *
 * <p>Without it, Grizzly stops decoding the body of such a request while it waits for an upgrade
 * handler that does not exist, and the request hangs until the read times out (Grizzly issues
 * 1972 and 2117): every POST of such a client would fail.
 */
final class IgnoreProtocolUpgrades implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int httpServerFilter = builder.indexOfType(HttpServerFilter.class);
        if (httpServerFilter < 0) {
            throw new IllegalStateException("Grizzly's filter chain has no HttpServerFilter");
        }
        builder.add(httpServerFilter + 1, new Filter());
    }

    private static final class Filter extends BaseFilter {

        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event instanceof HttpEvents.IncomingHttpUpgradeEvent upgrade) {
                HttpHeader header = upgrade.getHttpHeader();
                header.getUpgradeDC().recycle();
                header.getHeaders().removeHeader(Header.Upgrade);
                header.setIgnoreContentModifiers(false);
            }
            return ctx.getInvokeAction();
        }
    }
}
