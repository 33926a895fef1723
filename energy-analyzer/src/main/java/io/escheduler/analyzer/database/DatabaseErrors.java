package io.escheduler.analyzer.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Whether a failure means that PostgreSQL cannot be reached (down, restarting, refusing connections, the network away)
 * rather than that a statement went wrong. Looks through the whole cause chain, as Hibernate, Agroal, Narayana and the
 * PostgreSQL driver each wrap the one below:
 * <ul>
 * <li>SQLState class {@code 08} (connection exception: refused, broken, failed to establish) and {@code 57P01..57P03}
 * (the server shuts down or cannot accept connections yet);</li>
 * <li>JDBC's connection exceptions ({@link SQLTransientConnectionException}, {@link SQLNonTransientConnectionException});</li>
 * <li>the pool's {@code Acquisition timeout while waiting for new connection} (Agroal, no SQLState);</li>
 * <li>a socket that could not connect or broke ({@link ConnectException}, {@link SocketException},
 * {@link SocketTimeoutException}, {@link UnknownHostException}).</li>
 * </ul>
 * Hibernate's {@code JDBCConnectionException} carries the SQLException with the 08 state, so it is recognised through it.
 */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    public static boolean unreachable(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable e = failure; e != null && seen.put(e, Boolean.TRUE) == null; e = e.getCause()) {
            if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof SocketTimeoutException
                    || e instanceof UnknownHostException || e instanceof SocketException) {
                return true;
            }
            if (e instanceof SQLException sql && (connectionState(sql.getSQLState()) || poolTimedOut(sql))) {
                return true;
            }
        }
        return false;
    }

    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    private static boolean poolTimedOut(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Acquisition timeout while waiting for new connection");
    }
}
