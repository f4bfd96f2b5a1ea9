//! The builder makes the scenario it is told to. This guards a rustc 1.95
//! release-mode miscompile seen when `BlockBuilder::nested` was inlined: the
//! blocks of one `try_` shared one buffer (wrong IR, then a double free).

use pythread_model::scenario::builder::BlockBuilder;
use pythread_model::scenario::StmtKind;

#[test]
fn the_blocks_of_a_try_built_in_one_call_are_independent() {
    let block = BlockBuilder::default()
        .try_(|b| b.sleep_ms(100).print_str("body"), vec![], |b| b, |b| b.print_str("finally"))
        .build();
    let StmtKind::Try { body, handlers, orelse, finalbody } = &block[0].kind else { panic!("{block:?}") };
    assert_eq!(body.len(), 2);
    assert!(handlers.is_empty());
    assert!(orelse.is_empty());
    assert_eq!(finalbody.len(), 1);
    assert!(matches!(&body[0].kind, StmtKind::Sleep { .. }));
    assert!(matches!(&finalbody[0].kind, StmtKind::Print { .. }));
}
