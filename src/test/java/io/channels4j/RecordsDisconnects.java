package io.channels4j;

import java.util.List;

/** A test consumer that records the codes its {@code disconnect} ran with. */
interface RecordsDisconnects {
    /** The codes {@code disconnect} ran with, in order. */
    List<Integer> disconnects();
}
