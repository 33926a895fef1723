package io.escheduler.extender.protocol;

/**
 * One entry of {@code HostPriorityList}, the answer of prioritize: {@code {"Host": "node", "Score": 7}}.
 * Scores range from 0 to {@value #MAX_SCORE} ({@code MaxExtenderPriority}); kube-scheduler does not clamp them.
 */
public record HostPriority(String host, int score) {

    public static final int MIN_SCORE = 0;
    public static final int MAX_SCORE = 10;

    public HostPriority {
        if (score < MIN_SCORE || score > MAX_SCORE) {
            throw new IllegalArgumentException("score " + score + " of " + host + " outside " + MIN_SCORE + ".." + MAX_SCORE);
        }
    }
}
