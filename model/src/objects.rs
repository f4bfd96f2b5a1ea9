//! Objects of the script's classes: attribute lookup (the object's own,
//! then its class's, then its bases'), attribute stores and method lookup,
//! with Python's messages. The model and the reference runtime both go
//! through these, so they cannot differ.
//!
//! ```text
//! obj.attr        → obj's own attrs → class attrs (nearest class first)
//!                   → AttributeError "'C' object has no attribute 'attr'"
//! obj.attr = v    → obj's own attrs (added in order, replaced in place)
//! obj.m(args)     → the nearest class's `def m` → a frame (self, args…)
//! ```

use crate::program::{AttrId, CodeId, Program};
use crate::scenario::ExcType;
use crate::state::{Class, Exc, Object, Value};

/// `Thread.__init__`'s arguments, evaluated (by the model and the runtime).
pub struct ThreadValues {
    /// `target=`; `None`: the object's `run`.
    pub func: Option<CodeId>,
    pub args: Vec<Value>,
    pub daemon: Option<bool>,
    pub name: Option<Value>,
}

/// The name of a value's type, a class of the script included.
pub fn type_name(program: &Program, objects: &[Object], v: &Value) -> String {
    match v {
        Value::Obj(o) => objects
            .get(*o as usize)
            .and_then(|o| program.classes.get(o.class as usize))
            // A library class by its own name (`Event`, not `threading.Event`).
            .map_or_else(|| "object".to_string(), |c| c.name.rsplit('.').next().unwrap_or(&c.name).to_string()),
        other => crate::values::type_name(other).to_string(),
    }
}

/// AttributeError for `value.attr`.
pub fn no_attribute(program: &Program, objects: &[Object], v: &Value, attr: &str) -> Exc {
    let t = type_name(program, objects, v);
    Exc::with_msg(Class::Named(ExcType::AttributeError), &format!("'{t}' object has no attribute '{attr}'"))
}

/// `value.attr` of an object (a thread's own attributes aside).
pub fn get(program: &Program, objects: &[Object], v: &Value, a: AttrId) -> Result<Value, Exc> {
    if let Value::Obj(o) = v {
        if let Some(obj) = objects.get(*o as usize) {
            if let Some((_, value)) = obj.attrs.iter().find(|(k, _)| *k == a) {
                return Ok(value.clone());
            }
            if let Some(l) = program.class_attr(obj.class, a) {
                return Ok(Value::from_literal(l));
            }
        }
    }
    Err(no_attribute(program, objects, v, &program.attrs[a as usize]))
}

/// `value.attr = new` of an object.
pub fn set(program: &Program, objects: &mut [Object], v: &Value, a: AttrId, new: Value) -> Result<(), Exc> {
    let Value::Obj(o) = v else {
        let t = type_name(program, objects, v);
        let attr = &program.attrs[a as usize];
        return Err(Exc::with_msg(Class::Named(ExcType::AttributeError), &format!("'{t}' object has no attribute '{attr}' and no __dict__ for setting new attributes")));
    };
    let obj = &mut objects[*o as usize];
    match obj.attrs.iter_mut().find(|(k, _)| *k == a) {
        Some((_, slot)) => *slot = new,
        None => obj.attrs.push((a, new)),
    }
    Ok(())
}

/// The code `value.method(…)` calls with `args` arguments after `self`,
/// or Python's error for it.
pub fn method(program: &Program, objects: &[Object], v: &Value, m: AttrId, args: usize) -> Result<CodeId, Exc> {
    let found = match v {
        Value::Obj(o) => objects.get(*o as usize).and_then(|obj| program.method(obj.class, m)),
        _ => None,
    };
    let Some(code) = found else {
        return Err(no_attribute(program, objects, v, &program.attrs[m as usize]));
    };
    check_arity(program, code, args + 1)?;
    Ok(code)
}

/// TypeError when code `code` is called with `given` arguments (self
/// included) and takes another number.
pub fn check_arity(program: &Program, code: CodeId, given: usize) -> Result<(), Exc> {
    let c = &program.codes[code as usize];
    if c.params == given {
        return Ok(());
    }
    let name = c.name.rsplit('.').next().unwrap_or(&c.name);
    Err(Exc::with_msg(
        Class::Named(ExcType::TypeError),
        &format!("{name}() takes {} positional argument{} but {given} were given", c.params, if c.params == 1 { "" } else { "s" }),
    ))
}
