package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link FleetRing}: the hash is stable and spreads any keys, every member has a slot of its own up to
 * {@link FleetRing#WINDOW} members, members fall evenly apart beyond it, and churn moves a member only when it
 * happens near it.
 */
class FleetRingTests {

    private static List<String> nodes(int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            keys.add(String.format("node-%05d", i));
        }
        return keys;
    }

    private static long[] randomRing(SplittableRandom random, int size) {
        long[] hashes = new long[size];
        for (int i = 0; i < size; i++) {
            hashes[i] = random.nextLong() >>> 1;
        }
        Arrays.sort(hashes);
        return hashes;
    }

    private static int[] slots(long[] ring) {
        int[] slots = new int[ring.length];
        for (int i = 0; i < ring.length; i++) {
            FleetPosition position = FleetRing.position(ring, i);
            assertThat(position.size()).isEqualTo(ring.length);
            slots[i] = position.rank();
        }
        return slots;
    }

    @Test
    void theHashNeverChangesBetweenVersions() {
        // every member of a fleet must compute the same hashes: these values are part of the contract; they were
        // computed apart from this code, by a few lines of Python following the javadoc (FNV-1a, fmix64, >>> 1)
        assertThat(FleetRing.hash("")).isEqualTo(0x77e80fb05d4c9493L);
        assertThat(FleetRing.hash("node-00001")).isEqualTo(0x16230052a6a3b4cbL);
        assertThat(FleetRing.hash("catalog-7f9c:10.0.3.17:8080")).isEqualTo(0x1a2dcd030669e8eeL);
        assertThat(FleetRing.hash("été")).isNotEqualTo(FleetRing.hash("ete")); // UTF-8 bytes, not chars cut
    }

    @Test
    void theHashSpreadsSequentialKeysEvenlyOverTheRing() {
        int[] buckets = new int[16];
        for (String key : nodes(16_000)) {
            long hash = FleetRing.hash(key);
            assertThat(hash).isNotNegative();
            buckets[(int) (hash >>> 59)]++;
        }
        // 1,000 expected per bucket, standard deviation about 31: a plain string hash would fill a few buckets only
        assertThat(Arrays.stream(buckets).boxed()).allSatisfy(count -> assertThat(count).isBetween(880, 1_120));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 100, 1_000, 4_000, FleetRing.WINDOW})
    void upToAWindowOfMembersEveryMemberHasASlotOfItsOwnInRingOrder(int size) {
        long[] ring = randomRing(new SplittableRandom(size), size);
        int[] slots = slots(ring);
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < size; i++) {
            distinct.add(slots[i]);
            // the next member along the ring has the next slot: the ranks in hash order, turned by one offset
            assertThat(slots[(i + 1) % size]).isEqualTo((slots[i] + 1) % size);
        }
        assertThat(distinct).hasSize(size);
    }

    @Test
    void beyondAWindowMembersFallEvenlyApart() {
        int size = 10_000;
        FleetRing ring = FleetRing.of(nodes(size));
        int[] perHundredSlots = new int[size / 100];
        for (String key : nodes(size)) {
            perHundredSlots[ring.positionOf(key).orElseThrow().rank() / 100]++;
        }
        // the hashes alone (a random place per member) would put 100 +- 10 members in each hundred slots, the
        // busiest of the hundred about 125
        assertThat(Arrays.stream(perHundredSlots).boxed()).allSatisfy(count -> assertThat(count).isBetween(92, 108));
    }

    @Test
    void aMemberMovesOnlyForChurnWithinItsWindow() {
        SplittableRandom random = new SplittableRandom(7);
        int size = 3 * FleetRing.WINDOW;
        long[] ring = randomRing(random, size);
        int watched = size / 2;
        FleetPosition before = FleetRing.position(ring, watched);
        // one member leaves and another joins, both more than half a window away from the watched member
        long[] changed = ring.clone();
        changed[10] = (changed[9] + changed[10]) / 2 + 1; // moves within its gap: a leave and a join far away
        changed[size - 10] = (changed[size - 11] + changed[size - 10]) / 2 + 1;
        assertThat(FleetRing.position(changed, watched)).isEqualTo(before);
    }

    @Test
    void churnInOnePartOfTheFleetDoesNotShiftTheRestAsThePlainRankDoes() {
        SplittableRandom random = new SplittableRandom(11);
        int size = 10_000;
        long[] ring = randomRing(random, size);
        // 50 members leave near the ring's origin and 50 join near its end: with the plain rank every member in
        // between moves 50 slots earlier, and a neighbour that looked before the churn disagrees with it by that much
        List<Long> members = new ArrayList<>();
        for (long hash : ring) {
            members.add(hash);
        }
        for (int k = 0; k < 50; k++) {
            members.remove(random.nextInt(1_000 - k));
            members.add(ring[size - 1] / 2 + ring[size - 1] / 2 + random.nextLong(Long.MAX_VALUE - ring[size - 1]));
        }
        long[] later = members.stream().mapToLong(Long::longValue).sorted().toArray();
        int watched = 0;
        for (int i = 4_000; i < 6_000; i++) {
            int j = Arrays.binarySearch(later, ring[i]);
            assertThat(j).as("the plain rank").isEqualTo(i - 50);
            assertThat(FleetRing.position(later, j)).isEqualTo(FleetRing.position(ring, i));
            watched++;
        }
        assertThat(watched).isEqualTo(2_000);
    }

    @Test
    void positionOfFindsExactlyOneMember() {
        FleetRing ring = FleetRing.of(List.of("a", "b", "c", "c"));
        assertThat(ring.size()).isEqualTo(4);
        assertThat(ring.positionOf("a")).get().extracting(FleetPosition::size).isEqualTo(4);
        assertThat(ring.positionOf("z")).isEmpty();
        assertThat(ring.positionOf("c")).as("two members share that key").isEmpty();
        assertThat(FleetRing.of(List.of()).positionOf("a")).isEmpty();
    }

    @Test
    void everyMemberSeesTheSameRingWhateverTheListsOrder() {
        List<String> keys = new ArrayList<>(nodes(50));
        FleetRing ring = FleetRing.of(keys);
        java.util.Collections.shuffle(keys, new java.util.Random(3));
        FleetRing shuffled = FleetRing.of(keys);
        for (String key : keys) {
            assertThat(shuffled.positionOf(key)).isEqualTo(ring.positionOf(key));
        }
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatNullPointerException().isThrownBy(() -> FleetRing.of(Arrays.asList("a", null)))
                .withMessage("a member key is null");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetRing.position(new long[] {1, 2}, 2))
                .withMessage("index must be in [0, 2), was 2");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetRing.position(new long[] {-1, 2}, 0))
                .withMessage("hashes must not be negative");
    }
}
