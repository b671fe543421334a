/*
 * dev-kafka: runs librdkafka's in-process mock Kafka cluster as a standalone
 * local broker for development and integration tests.
 *
 * Linked against librdkafka 2.0.2 built with
 * patches/librdkafka-2.0.2-dev-kafka.patch (fixed ports via DEV_KAFKA_PORT,
 * a real controller id, SyncGroup ordering fix).
 *
 * Usage: dev-kafka [--port P] [--brokers N] [--topic NAME:PARTITIONS]...
 *                  [--topics-file FILE] [--exit-on-stdin-eof]
 *                  [--debug[=CONTEXTS]]
 *
 * Prints exactly one line "READY <bootstrap servers>" on stdout once the
 * brokers listen and the topics exist, then runs until SIGTERM or SIGINT
 * (or, with --exit-on-stdin-eof, until stdin reaches end of file) and
 * exits 0. Errors go to stderr with a non-zero exit code.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rdkafka.h"
#include "rdkafka_mock.h"

#define MAX_TOPICS 1024
#define MAX_PARTITIONS 10000
#define MAX_BROKERS 16

struct topic_spec {
        char name[250];
        int partitions;
};

static struct topic_spec topics[MAX_TOPICS];
static int topic_cnt;

static void usage(FILE *fp) {
        fprintf(fp,
                "Usage: dev-kafka [options]\n"
                "  --port P              broker N listens on 127.0.0.1:P+N-1 "
                "(default: $DEV_KAFKA_PORT,\n"
                "                        else random ports; 0 = random)\n"
                "  --brokers N           number of brokers, 1..%d (default "
                "1)\n"
                "  --topic NAME:PARTS    pre-create a topic (repeatable)\n"
                "  --topics-file FILE    pre-create topics listed as "
                "\"NAME PARTS\" per line (# comments)\n"
                "  --exit-on-stdin-eof   also exit when stdin is closed\n"
                "  --debug[=CONTEXTS]    librdkafka debug log to stderr "
                "(default contexts: mock)\n"
                "  --help                this text\n"
                "Topics not listed are auto-created with 4 partitions on "
                "first metadata request.\n",
                MAX_BROKERS);
}

static int parse_int(const char *s, long min, long max, long *out) {
        char *end;
        long v;
        if (!s || !*s)
                return -1;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || *end || v < min || v > max)
                return -1;
        *out = v;
        return 0;
}

static int valid_topic_name(const char *name) {
        size_t len = strlen(name), i;
        if (len == 0 || len > 249 || !strcmp(name, ".") || !strcmp(name, ".."))
                return 0;
        for (i = 0; i < len; i++) {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-'))
                        return 0;
        }
        return 1;
}

/* Adds or updates a topic; returns 0 on success, prints an error otherwise. */
static int add_topic(const char *name, const char *parts, const char *where) {
        long p;
        int i;

        if (!valid_topic_name(name)) {
                fprintf(stderr,
                        "dev-kafka: %s: invalid topic name \"%s\" (allowed: "
                        "[a-zA-Z0-9._-], 1..249 chars)\n",
                        where, name);
                return -1;
        }
        if (parse_int(parts, 1, MAX_PARTITIONS, &p) == -1) {
                fprintf(stderr,
                        "dev-kafka: %s: invalid partition count \"%s\" for "
                        "topic %s (1..%d)\n",
                        where, parts ? parts : "", name, MAX_PARTITIONS);
                return -1;
        }
        for (i = 0; i < topic_cnt; i++) {
                if (!strcmp(topics[i].name, name)) {
                        if (topics[i].partitions != (int)p) {
                                fprintf(stderr,
                                        "dev-kafka: %s: topic %s given "
                                        "twice with different partition "
                                        "counts (%d, %ld)\n",
                                        where, name, topics[i].partitions, p);
                                return -1;
                        }
                        return 0;
                }
        }
        if (topic_cnt == MAX_TOPICS) {
                fprintf(stderr, "dev-kafka: too many topics (max %d)\n",
                        MAX_TOPICS);
                return -1;
        }
        snprintf(topics[topic_cnt].name, sizeof(topics[topic_cnt].name), "%s",
                 name);
        topics[topic_cnt].partitions = (int)p;
        topic_cnt++;
        return 0;
}

static int add_topic_arg(const char *arg) {
        char buf[300];
        char *colon;
        if (strlen(arg) >= sizeof(buf)) {
                fprintf(stderr, "dev-kafka: --topic value too long\n");
                return -1;
        }
        strcpy(buf, arg);
        colon = strrchr(buf, ':');
        if (!colon) {
                fprintf(stderr,
                        "dev-kafka: --topic expects NAME:PARTITIONS, got "
                        "\"%s\"\n",
                        arg);
                return -1;
        }
        *colon = '\0';
        return add_topic(buf, colon + 1, "--topic");
}

static int read_topics_file(const char *path) {
        FILE *fp = fopen(path, "r");
        char line[1024];
        int lineno = 0;

        if (!fp) {
                fprintf(stderr, "dev-kafka: cannot open %s: %s\n", path,
                        strerror(errno));
                return -1;
        }
        while (fgets(line, sizeof(line), fp)) {
                char where[1100];
                char *name, *parts, *extra, *save = NULL;
                char *hash = strchr(line, '#');
                lineno++;
                if (hash)
                        *hash = '\0';
                name = strtok_r(line, " \t\r\n", &save);
                if (!name)
                        continue; /* blank or comment line */
                parts = strtok_r(NULL, " \t\r\n", &save);
                extra = strtok_r(NULL, " \t\r\n", &save);
                snprintf(where, sizeof(where), "%s:%d", path, lineno);
                if (!parts || extra) {
                        fprintf(stderr,
                                "dev-kafka: %s: expected \"NAME PARTITIONS\"\n",
                                where);
                        fclose(fp);
                        return -1;
                }
                if (add_topic(name, parts, where) == -1) {
                        fclose(fp);
                        return -1;
                }
        }
        fclose(fp);
        return 0;
}

/* rd_kafka_mock_cluster_new() cannot back out cleanly when a broker's bind
 * fails, so check up front (with the same SO_REUSEADDR semantics as the
 * mock's listener) that every port is free. */
static int port_free(int port) {
        struct sockaddr_in sin;
        int on = 1, ok;
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s == -1)
                return 0;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        memset(&sin, 0, sizeof(sin));
        sin.sin_family      = AF_INET;
        sin.sin_port        = htons((uint16_t)port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ok = bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
             listen(s, 1) == 0;
        close(s);
        return ok;
}

static volatile sig_atomic_t stdin_closed;

static void *stdin_watch(void *arg) {
        char buf[256];
        (void)arg;
        for (;;) {
                ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
                if (r == 0 || (r < 0 && errno != EINTR))
                        break;
        }
        /* Pending until the main thread's sigwait() picks it up. */
        stdin_closed = 1;
        kill(getpid(), SIGTERM);
        return NULL;
}

int main(int argc, char **argv) {
        long port = -1, brokers = 1;
        const char *debug = NULL;
        int watch_stdin = 0;
        int i, sig, repl;
        sigset_t sigs;
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;

        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                        usage(stdout);
                        return 0;
                } else if (!strcmp(a, "--port")) {
                        if (parse_int(v, 0, 65535, &port) == -1) {
                                fprintf(stderr,
                                        "dev-kafka: --port expects 0..65535\n");
                                return 2;
                        }
                        i++;
                } else if (!strcmp(a, "--brokers")) {
                        if (parse_int(v, 1, MAX_BROKERS, &brokers) == -1) {
                                fprintf(stderr,
                                        "dev-kafka: --brokers expects 1..%d\n",
                                        MAX_BROKERS);
                                return 2;
                        }
                        i++;
                } else if (!strcmp(a, "--topic")) {
                        if (!v || add_topic_arg(v) == -1)
                                return 2;
                        i++;
                } else if (!strcmp(a, "--topics-file")) {
                        if (!v) {
                                fprintf(stderr,
                                        "dev-kafka: --topics-file expects a "
                                        "path\n");
                                return 2;
                        }
                        if (read_topics_file(v) == -1)
                                return 2;
                        i++;
                } else if (!strcmp(a, "--exit-on-stdin-eof")) {
                        watch_stdin = 1;
                } else if (!strcmp(a, "--debug")) {
                        debug = "mock";
                } else if (!strncmp(a, "--debug=", 8) && a[8]) {
                        debug = a + 8;
                } else {
                        fprintf(stderr, "dev-kafka: unknown argument \"%s\"\n",
                                a);
                        usage(stderr);
                        return 2;
                }
        }

        if (port == -1) {
                /* No --port: the patched library reads DEV_KAFKA_PORT. */
                const char *env = getenv("DEV_KAFKA_PORT");
                port            = 0;
                if (env && *env && parse_int(env, 0, 65535, &port) == -1) {
                        fprintf(stderr,
                                "dev-kafka: DEV_KAFKA_PORT must be "
                                "0..65535\n");
                        return 2;
                }
        }

        if (port > 0) {
                char buf[24];
                if (port + brokers - 1 > 65535) {
                        fprintf(stderr,
                                "dev-kafka: port range %ld..%ld exceeds "
                                "65535\n",
                                port, port + brokers - 1);
                        return 2;
                }
                for (i = 0; i < brokers; i++) {
                        if (!port_free((int)port + i)) {
                                fprintf(stderr,
                                        "dev-kafka: 127.0.0.1:%ld is already "
                                        "in use\n",
                                        port + i);
                                return 3;
                        }
                }
                snprintf(buf, sizeof(buf), "%ld", port);
                setenv("DEV_KAFKA_PORT", buf, 1);
        } else {
                unsetenv("DEV_KAFKA_PORT");
        }

        /* Block the stop signals in every thread (librdkafka's threads
         * inherit this mask); the main thread collects them with sigwait. */
        signal(SIGTERM, SIG_DFL); /* may be inherited as ignored */
        signal(SIGINT, SIG_DFL);
        sigemptyset(&sigs);
        sigaddset(&sigs, SIGTERM);
        sigaddset(&sigs, SIGINT);
        pthread_sigmask(SIG_BLOCK, &sigs, NULL);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        /* Hide the notice about the (intentionally) missing
         * bootstrap.servers unless debugging. */
        if (!debug)
                rd_kafka_conf_set(conf, "log_level", "4", errstr,
                                  sizeof(errstr));
        if (debug &&
            rd_kafka_conf_set(conf, "debug", debug, errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "dev-kafka: %s\n", errstr);
                return 1;
        }
        /* The handle only hosts the mock cluster; it never connects. */
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "dev-kafka: rd_kafka_new failed: %s\n", errstr);
                return 1;
        }

        mcluster = rd_kafka_mock_cluster_new(rk, (int)brokers);
        if (!mcluster) {
                fprintf(stderr, "dev-kafka: failed to create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        repl = brokers < 3 ? (int)brokers : 3;
        for (i = 0; i < topic_cnt; i++) {
                rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
                    mcluster, topics[i].name, topics[i].partitions, repl);
                /* The cluster listens before its topics exist: a client that
                 * was already connected (e.g. across a broker restart on the
                 * same port) may have had the topic auto-created first. */
                if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                        fprintf(stderr,
                                "dev-kafka: topic %s already created by a "
                                "client\n",
                                topics[i].name);
                        continue;
                }
                if (err) {
                        fprintf(stderr,
                                "dev-kafka: creating topic %s failed: %s\n",
                                topics[i].name, rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(mcluster);
                        rd_kafka_destroy(rk);
                        return 1;
                }
                fprintf(stderr, "dev-kafka: topic %s, %d partition(s)\n",
                        topics[i].name, topics[i].partitions);
        }

        if (watch_stdin) {
                pthread_t thr;
                if (pthread_create(&thr, NULL, stdin_watch, NULL) == 0)
                        pthread_detach(thr);
        }

        printf("READY %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        while (sigwait(&sigs, &sig) != 0)
                ;
        fprintf(stderr, "dev-kafka: %s, shutting down\n",
                stdin_closed ? "stdin closed"
                             : sig == SIGINT ? "SIGINT received"
                                             : "SIGTERM received");

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
