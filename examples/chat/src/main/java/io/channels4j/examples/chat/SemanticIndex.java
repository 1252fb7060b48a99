package io.channels4j.examples.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small latent-semantic index: word vectors learnt from a corpus by factorising its positive
 * pointwise mutual information (PPMI) co-occurrence matrix with randomised subspace iteration,
 * and sentence vectors that mix those word vectors with TF-IDF weights. Building it is real work
 * proportional to the corpus; querying it is a few dot products.
 */
final class SemanticIndex {

    private static final int DIMENSIONS = 64;
    private static final int ITERATIONS = 12;
    private static final int WINDOW = 5;
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]+");
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "with", "that", "this", "its", "from",
            "not", "but", "all", "can", "has", "have", "was", "were", "you", "your", "one", "what", "which", "when",
            "how", "any", "each", "into", "than", "then", "they", "them", "their", "there", "also", "does", "use");

    private final Map<String, Integer> vocabulary;
    private final double[] idf;
    private final double[][] wordVectors;
    private final List<String> sentences;
    private final double[][] sentenceVectors;

    private SemanticIndex(Map<String, Integer> vocabulary, double[] idf, double[][] wordVectors, List<String> sentences,
                          double[][] sentenceVectors) {
        this.vocabulary = vocabulary;
        this.idf = idf;
        this.wordVectors = wordVectors;
        this.sentences = sentences;
        this.sentenceVectors = sentenceVectors;
    }

    /** Learns the index from {@code documents} (Markdown text). */
    static SemanticIndex build(List<String> documents) {
        List<String> sentences = new ArrayList<>();
        for (String doc : documents) {
            for (String raw : doc.replace("`", "").split("(?<=[.!?])\\s+|\\n\\s*\\n|\\n[-*#|]+\\s*")) {
                String s = raw.replaceAll("\\s+", " ").trim();
                if (s.length() >= 25 && s.length() <= 400 && !s.startsWith("```")) {
                    sentences.add(s);
                }
            }
        }
        List<int[]> tokenised = new ArrayList<>();
        Map<String, Integer> vocabulary = new HashMap<>();
        for (String s : sentences) {
            List<String> words = words(s);
            int[] ids = new int[words.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = vocabulary.computeIfAbsent(words.get(i), w -> vocabulary.size());
            }
            tokenised.add(ids);
        }
        int v = vocabulary.size();
        double[] idf = new double[v];
        for (int[] ids : tokenised) {
            for (int id : java.util.Arrays.stream(ids).distinct().toArray()) {
                idf[id]++;
            }
        }
        for (int i = 0; i < v; i++) {
            idf[i] = Math.log((1.0 + sentences.size()) / (1.0 + idf[i])) + 1.0;
        }
        double[][] ppmi = ppmi(tokenised, v);
        double[][] wordVectors = factorise(ppmi, DIMENSIONS, ITERATIONS);
        double[][] sentenceVectors = new double[sentences.size()][];
        for (int i = 0; i < sentences.size(); i++) {
            sentenceVectors[i] = embed(tokenised.get(i), idf, wordVectors, v);
        }
        return new SemanticIndex(vocabulary, idf, wordVectors, List.copyOf(sentences), sentenceVectors);
    }

    /** The corpus sentence closest in meaning to {@code question}. */
    String closestSentence(String question) {
        List<String> words = words(question);
        int[] ids = words.stream().filter(vocabulary::containsKey).mapToInt(vocabulary::get).toArray();
        if (ids.length == 0) {
            return "I know only what channels4j's documentation says; ask me about consumers, groups or layers.";
        }
        double[] q = embed(ids, idf, wordVectors, vocabulary.size());
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < sentenceVectors.length; i++) {
            double score = dot(q, sentenceVectors[i]);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return sentences.get(best);
    }

    /** Words in the vocabulary sense: lower case, no stop words. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }

    private static double[][] ppmi(List<int[]> sentences, int v) {
        double[][] counts = new double[v][v];
        double total = 0;
        for (int[] ids : sentences) {
            for (int i = 0; i < ids.length; i++) {
                for (int j = Math.max(0, i - WINDOW); j < Math.min(ids.length, i + WINDOW + 1); j++) {
                    if (i != j) {
                        counts[ids[i]][ids[j]] += 1.0 / Math.abs(i - j);
                        total += 1.0 / Math.abs(i - j);
                    }
                }
            }
        }
        double[] row = new double[v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                row[i] += counts[i][j];
            }
        }
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                double c = counts[i][j];
                counts[i][j] = c == 0 ? 0 : Math.max(0, Math.log(c * total / (row[i] * row[j])));
            }
        }
        return counts;
    }

    /** Rank-k factor of a symmetric matrix by randomised subspace iteration: rows are word vectors. */
    private static double[][] factorise(double[][] m, int k, int iterations) {
        int n = m.length;
        int dims = Math.min(k, n);
        Random random = new Random(42);
        double[][] q = new double[n][dims];
        for (double[] r : q) {
            for (int j = 0; j < dims; j++) {
                r[j] = random.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int it = 0; it < iterations; it++) {
            q = multiply(m, q);
            orthonormalise(q);
        }
        double[][] projected = multiply(m, q);
        for (double[] r : projected) {
            normalise(r);
        }
        return projected;
    }

    private static double[][] multiply(double[][] m, double[][] q) {
        int n = m.length;
        int d = q[0].length;
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] mi = m[i];
            double[] oi = out[i];
            for (int j = 0; j < n; j++) {
                double a = mi[j];
                if (a != 0) {
                    double[] qj = q[j];
                    for (int c = 0; c < d; c++) {
                        oi[c] += a * qj[c];
                    }
                }
            }
        }
        return out;
    }

    private static void orthonormalise(double[][] q) {
        int n = q.length;
        int d = q[0].length;
        for (int c = 0; c < d; c++) {
            for (int p = 0; p < c; p++) {
                double proj = 0;
                for (int i = 0; i < n; i++) {
                    proj += q[i][c] * q[i][p];
                }
                for (int i = 0; i < n; i++) {
                    q[i][c] -= proj * q[i][p];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][c] * q[i][c];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][c] = norm == 0 ? 0 : q[i][c] / norm;
            }
        }
    }

    private static double[] embed(int[] ids, double[] idf, double[][] wordVectors, int v) {
        int d = wordVectors.length == 0 ? 0 : wordVectors[0].length;
        double[] e = new double[d + v];
        for (int id : ids) {
            for (int c = 0; c < d; c++) {
                e[c] += idf[id] * wordVectors[id][c];
            }
            e[d + id] += idf[id];
        }
        normalise(e);
        return e;
    }

    private static void normalise(double[] x) {
        double norm = Math.sqrt(dot(x, x));
        if (norm > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= norm;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
