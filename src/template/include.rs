//! `{{include "NAME" key=value…}}`: renders the partial NAME in the current context.
//!
//! Why not `{{> NAME}}`: handlebars-rust copies the whole current context into every
//! partial it enters (`merge_json`), and inside the partial every lookup then copies its
//! value again (values no longer have a context path). A recursive tree (`node` → its
//! items → `node`…) copies each subtree once per level and every measure list several
//! times: 80 % of the notice's template time was copying and freeing JSON. `include`
//! renders the partial's compiled template (handlebars keeps partials among the templates) against the caller's block, so lookups stay
//! borrowed. Semantics match a partial's: the same context, the caller's `@index`/`@first`/
//! `@last`, hash arguments visible by name, and `../` leaving the partial's own scope.

use handlebars::{
    BlockContext, BlockParamHolder, Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    RenderContext, RenderErrorReason, Renderable,
};
use std::cell::Cell;

/// Deeper than this is a partial including itself without end.
const MAX_DEPTH: usize = 64;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

pub struct Include;

impl HelperDef for Include {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
            RenderErrorReason::Other(
                "`include` takes a partial's name in quotes: {{include \"node\"}}".into(),
            )
        })?;
        let template = r
            .get_template(name)
            .ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_string()))?;
        if super::bound::past_deadline() {
            return Err(RenderErrorReason::Other("the render's time is up".into()).into());
        }
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_DEPTH {
            return Err(RenderErrorReason::Other(format!(
                "`include \"{name}\"` nested {MAX_DEPTH} deep: does the partial include itself \
                 without a condition that ends the recursion?"
            ))
            .into());
        }

        // The partial's scope: the caller's data (by path, not a copy), its loop variables,
        // and the hash arguments as names.
        let mut block = BlockContext::new();
        if let Some(parent) = rc.block() {
            block.base_path_mut().clone_from(parent.base_path());
            if let Some(v) = parent.base_value() {
                block.set_base_value(v.clone());
            }
            block
                .local_variables_mut()
                .clone_from(parent.local_variables());
        }
        // By value: a path holder would be read relative to this block's base path.
        for (key, value) in h.hash() {
            block.set_block_param(key, BlockParamHolder::value(value.value().clone()));
        }

        let caller = rc.get_current_template_name();
        rc.push_block(block);
        DEPTH.with(|d| d.set(depth + 1));
        let result = template.render(r, ctx, rc, out);
        DEPTH.with(|d| d.set(depth));
        rc.pop_block();
        rc.set_current_template_name(caller);
        result
    }
}
