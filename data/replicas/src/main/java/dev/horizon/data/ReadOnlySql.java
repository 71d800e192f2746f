package dev.horizon.data;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether one SQL text is provably read-only for PostgreSQL, so that a replica may run it.
 *
 * <p>Provably read-only means: a single statement that starts with {@code SELECT}, {@code WITH}, {@code VALUES} or
 * {@code TABLE}; no row lock ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR SHARE}, {@code FOR KEY
 * SHARE}); no {@code SELECT … INTO} (it creates a table); no data-modifying CTE ({@code INSERT}, {@code UPDATE},
 * {@code DELETE}, {@code MERGE} anywhere in a {@code WITH}); and no call of a built-in function that writes or needs
 * the primary's session ({@code nextval}, {@code currval}, advisory locks, {@code set_config}, {@code pg_notify},
 * {@code txid_current}, large objects and the like). Anything else answers {@code false} and goes to the primary.
 *
 * <p>Implementation notes: a single pass tokenizer that skips what cannot hold a keyword: {@code '…'} strings (with
 * {@code ''} and, after {@code E}, backslash escapes), {@code $tag$…$tag$} bodies, {@code "…"} identifiers, {@code --}
 * line comments and nested {@code /* … *}{@code /} comments. Unterminated quoting is not read-only. A user-defined
 * function that writes cannot be seen from its call; statements that call one need {@link DataScope#primary()}.
 */
final class ReadOnlySql {

    private static final Set<String> FIRST = Set.of("select", "with", "values", "table");
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "merge", "into", "truncate",
        "copy", "lock", "call", "do", "create", "alter", "drop", "grant", "revoke", "refresh", "vacuum", "analyze");
    private static final Set<String> WRITING_FUNCTIONS = Set.of("nextval", "setval", "currval", "lastval",
        "set_config", "pg_notify", "txid_current", "pg_current_xact_id", "pg_terminate_backend",
        "pg_cancel_backend", "pg_reload_conf", "pg_switch_wal", "pg_create_restore_point", "pg_rotate_logfile",
        "dblink_exec", "pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_export_snapshot");
    private static final Set<String> LOCK_STRENGTH = Set.of("update", "share", "no", "key");

    private ReadOnlySql() {}

    /** Whether {@code sql} is one statement that a read-only replica can run with the same result as the primary. */
    static boolean isReadOnly(String sql) {
        Tokens tokens = new Tokens(sql);
        @Nullable String first = tokens.next();
        while ("(".equals(first)) {
            first = tokens.next();
        }
        if (first == null || !FIRST.contains(first)) {
            return false;
        }
        String previous = first;
        for (@Nullable String token = tokens.next(); token != null; token = tokens.next()) {
            if (token.equals(";")) {
                return tokens.next() == null;
            }
            if (WRITES.contains(token) || "for".equals(previous) && LOCK_STRENGTH.contains(token)) {
                return false;
            }
            if ("(".equals(token) && isWritingFunction(previous)) {
                return false;
            }
            previous = token;
        }
        return !tokens.malformed();
    }

    private static boolean isWritingFunction(String name) {
        return WRITING_FUNCTIONS.contains(name) || name.startsWith("pg_advisory") || name.startsWith("pg_try_advisory")
            || name.startsWith("lo_") || name.startsWith("pg_logical_emit") || name.startsWith("setseed");
    }

    /** Lower-cased words and single punctuation characters, with strings, identifiers and comments skipped. */
    private static final class Tokens {

        private final String sql;
        private int at;
        private boolean malformed;

        Tokens(String sql) {
            this.sql = sql;
        }

        boolean malformed() {
            return malformed;
        }

        /** The next keyword or identifier (lower case) or punctuation character; {@code null} at the end. */
        @Nullable String next() {
            while (at < sql.length()) {
                char c = sql.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == '-' && peek(1) == '-') {
                    skipLine();
                } else if (c == '/' && peek(1) == '*') {
                    skipBlockComment();
                } else if (c == '\'') {
                    skipString(false);
                    return "'";
                } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                    at++;
                    skipString(true);
                    return "'";
                } else if (c == '"') {
                    skipQuotedIdentifier();
                    return "\"";
                } else if (c == '$' && dollarTag() != null) {
                    skipDollarBody();
                    return "'";
                } else if (Character.isLetter(c) || c == '_') {
                    int start = at;
                    while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_'
                        || sql.charAt(at) == '$')) {
                        at++;
                    }
                    return sql.substring(start, at).toLowerCase(Locale.ROOT);
                } else {
                    at++;
                    return String.valueOf(c);
                }
            }
            return null;
        }

        private char peek(int ahead) {
            return at + ahead < sql.length() ? sql.charAt(at + ahead) : '\0';
        }

        private void skipLine() {
            while (at < sql.length() && sql.charAt(at) != '\n') {
                at++;
            }
        }

        private void skipBlockComment() {
            int depth = 0;
            while (at < sql.length()) {
                if (sql.startsWith("/*", at)) {
                    depth++;
                    at += 2;
                } else if (sql.startsWith("*/", at)) {
                    depth--;
                    at += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    at++;
                }
            }
            malformed = true;
        }

        private void skipString(boolean backslashEscapes) {
            at++;
            while (at < sql.length()) {
                char c = sql.charAt(at);
                if (backslashEscapes && c == '\\') {
                    at += 2;
                } else if (c == '\'' && peek(1) == '\'') {
                    at += 2;
                } else if (c == '\'') {
                    at++;
                    return;
                } else {
                    at++;
                }
            }
            malformed = true;
        }

        private void skipQuotedIdentifier() {
            int close = sql.indexOf('"', at + 1);
            while (close >= 0 && close + 1 < sql.length() && sql.charAt(close + 1) == '"') {
                close = sql.indexOf('"', close + 2);
            }
            if (close < 0) {
                malformed = true;
                at = sql.length();
            } else {
                at = close + 1;
            }
        }

        /** The {@code $tag$} that starts at {@code at}, or null when the dollar sign is a parameter like {@code $1}. */
        private @Nullable String dollarTag() {
            int end = at + 1;
            while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                end++;
            }
            if (end >= sql.length() || sql.charAt(end) != '$'
                || end > at + 1 && Character.isDigit(sql.charAt(at + 1))) {
                return null;
            }
            return sql.substring(at, end + 1);
        }

        private void skipDollarBody() {
            String tag = dollarTag();
            int close = tag == null ? -1 : sql.indexOf(tag, at + tag.length());
            if (tag == null || close < 0) {
                malformed = true;
                at = sql.length();
            } else {
                at = close + tag.length();
            }
        }
    }
}
