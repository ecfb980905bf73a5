import Testing
import UpgradeDomain

struct ReportKeyDigestTests {
    @Test func aKeysDigestIsFNV1a128OfItsBytesTheSameInEveryProcess() {
        // The published FNV-1a 128-bit values; a digest seeded per process could not match them.
        let empty = ReportKeyDigest("")
        #expect((empty.high, empty.low) == (0x6c62_272e_07bb_0142, 0x62b8_2175_6295_c58d))
        let a = ReportKeyDigest("a")
        #expect((a.high, a.low) == (0xd228_cb69_6f1a_8caf, 0x7891_2b70_4e4a_8964))
        let foobar = ReportKeyDigest("foobar")
        #expect((foobar.high, foobar.low) == (0x343e_1662_793c_64bf, 0x6f0d_3597_ba44_6f18))
    }

    @Test func keysThatDifferByOneByteOrByOrderHaveDifferentDigests() {
        let keys = (1...2_000).map { "sim/store-\($0 % 50)/1/node-\($0)/drain/1" } + ["ab", "ba", "a", "a\u{0}"]
        #expect(Set(keys.map(ReportKeyDigest.init)).count == keys.count)
    }

    @Test func keysCompareByTheirBytes() {
        // Equal as Swift strings (canonically equivalent), two keys as an agent sends them.
        #expect("é" == "e\u{301}")
        #expect(ReportKeyDigest("é") != ReportKeyDigest("e\u{301}"))
    }
}
