// SPDX-License-Identifier: Apache-2.0 OR MIT
/* DT readers: address translation and malformed properties. */
#include <dm.h>
#include <test/ut.h>

static int dm_test_ofnode_reg_translate(struct unit_test_state *uts)
{
	ofnode node = ofnode_path("/test-bus/child-bus@5000/test@80");
	u64 addr, size;

	ut_assert(ofnode_valid(node));
	/* 0x80 -> child bus 0x5080 -> test bus 0x20005080 */
	ut_assertok(ofnode_get_addr_size_index(node, 0, &addr, &size));
	ut_asserteq(0x20005080, addr);
	ut_asserteq(0x10, size);
	ut_asserteq(-EOVERFLOW, ofnode_get_addr_size_index(node, 1, &addr,
							   &size));
	return 0;
}
UNIT_TEST(dm_test_ofnode_reg_translate, 0, dm);

static int dm_test_ofnode_malformed(struct unit_test_state *uts)
{
	u64 addr, size;
	u32 v;
	const char *s;
	ofnode node;

	/* reg shorter than #address-cells + #size-cells */
	node = ofnode_path("/bad-nodes/short-reg");
	ut_asserteq(-EOVERFLOW, ofnode_get_addr_size_index(node, 0, &addr,
							   &size));
	/* a bus with no 'ranges' does not map its children */
	node = ofnode_path("/bad-nodes/no-ranges-bus/leaf");
	ut_asserteq(-ERANGE, ofnode_get_addr_size_index(node, 0, &addr,
							&size));
	/* #address-cells larger than the spec allows */
	node = ofnode_path("/bad-nodes/bad-cells/leaf");
	ut_asserteq(-EOVERFLOW, ofnode_get_addr_size_index(node, 0, &addr,
							   &size));
	/* missing reg */
	node = ofnode_path("/bad-nodes/string-prop");
	ut_asserteq(-EINVAL, ofnode_get_addr_size_index(node, 0, &addr,
							&size));
	ut_assert(ofnode_read_string(node, "unterminated") == NULL);
	ut_asserteq(-EOVERFLOW, ofnode_read_string_index(node, "unterminated",
							 0, &s));
	ut_asserteq(-EOVERFLOW, ofnode_read_u32(node, "u32-short", &v));
	ut_asserteq(-EINVAL, ofnode_read_u32(node, "absent", &v));
	ut_asserteq(7, ofnode_read_u32_default(node, "absent", 7));
	return 0;
}
UNIT_TEST(dm_test_ofnode_malformed, 0, dm);

static int dm_test_ofnode_chosen(struct unit_test_state *uts)
{
	ofnode node = ofnode_get_chosen_node("stdout-path");

	ut_assert(ofnode_valid(node));
	ut_asserteq_str("serial", ofnode_get_name(node));
	ut_assert(!ofnode_valid(ofnode_get_chosen_node("no-such-prop")));
	return 0;
}
UNIT_TEST(dm_test_ofnode_chosen, 0, dm);

static int dm_test_ofnode_ranges(struct unit_test_state *uts)
{
	ofnode node = ofnode_path("/test-bus/child-bus@5000");
	u64 addr, size;

	/* child-bus window 0x0..0x1000 -> 0x5000 -> 0x20005000 */
	ut_assertok(ofnode_get_range_index(node, 0, &addr, &size));
	ut_asserteq(0x20005000, addr);
	ut_asserteq(0x1000, size);
	ut_asserteq(-EOVERFLOW, ofnode_get_range_index(node, 1, &addr, &size));
	ut_asserteq(-EINVAL, ofnode_get_range_index(ofnode_path("/timer"), 0,
						    &addr, &size));
	return 0;
}
UNIT_TEST(dm_test_ofnode_ranges, 0, dm);
