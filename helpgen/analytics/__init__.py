"""Help-center statistics counted by helpgen itself: page views, search click-through, contact
clicks, and the report that draws them (docs/statistics.md).

Events are validated here (`events`), filtered and made anonymous here (`privacy`), counted
by `helpgen serve` (`tracker`), stored in the store (helpgen.store),
rolled up there after `analytics.retention_days` (helpgen.store.rollup), and summed into the
figures of `helpgen stats` (`figures`), drawn as SVG charts (`charts`) in an HTML report
(`dashboard`).
"""
