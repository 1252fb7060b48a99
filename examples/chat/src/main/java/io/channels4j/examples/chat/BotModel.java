package io.channels4j.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat bot's "model", slow to build and then kept for the life of the server (the seed's
 * second caution): it reads channels4j's own documentation from the class path, learns word
 * vectors from it ({@link SemanticIndex}) and answers a question with the documentation sentence
 * closest in meaning. Built once, on first use, on whatever thread asks (the bot asks from the
 * blocking pool).
 */
@ApplicationScoped
public class BotModel {

    private static final String[] CORPUS = {"README.md", "consumers.md", "scope.md", "channel-layers.md",
        "configuration.md", "testing.md", "embedded.md"};

    private final AtomicInteger loads = new AtomicInteger();
    private volatile SemanticIndex index;
    private volatile String loadedOnThread = "";
    private volatile long loadMillis;

    /** Answers {@code question}, building the model first if this is the first question. */
    public String answer(String question) {
        return loaded().closestSentence(question);
    }

    /** Whether the model has been built. */
    public boolean isLoaded() {
        return index != null;
    }

    /** How many times the model was built (once per server). */
    public int loads() {
        return loads.get();
    }

    /** The thread the model was built on. */
    public String loadedOnThread() {
        return loadedOnThread;
    }

    /** How long building took, in milliseconds. */
    public long loadMillis() {
        return loadMillis;
    }

    private SemanticIndex loaded() {
        SemanticIndex built = index;
        if (built == null) {
            synchronized (this) {
                built = index;
                if (built == null) {
                    long start = System.nanoTime();
                    loads.incrementAndGet();
                    built = SemanticIndex.build(readCorpus());
                    loadMillis = (System.nanoTime() - start) / 1_000_000;
                    loadedOnThread = Thread.currentThread().getName();
                    index = built;
                }
            }
        }
        return built;
    }

    private static List<String> readCorpus() {
        List<String> documents = new ArrayList<>();
        ClassLoader loader = BotModel.class.getClassLoader();
        for (String name : CORPUS) {
            try (InputStream in = loader.getResourceAsStream("bot-corpus/" + name)) {
                if (in != null) {
                    documents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bot-corpus/" + name, e);
            }
        }
        if (documents.isEmpty()) {
            throw new IllegalStateException("the bot's corpus (bot-corpus/*.md) is not on the class path");
        }
        return documents;
    }
}
