"""The Keras 2 backend API (`K.mean`, `K.log`, ...) in numpy, for grading without TensorFlow.

The course's code is written against `from keras import backend as K`. Keras 3 removed most of
that API, and TensorFlow is a 500 MB install, so the runner imports this module first (plan
keras == 'shim'), and:

* when Keras / TensorFlow are not installed, an import hook makes `keras`, `keras.backend`,
  `tensorflow.keras` and `tensorflow.keras.backend` (and `tf.keras.backend` on a stand-in
  `tensorflow` module) resolve here. Nothing else of TensorFlow is pretended: `tf.math.log` raises
  ModuleNotFoundError for 'tensorflow', so the learner is told to install it;
* when real Keras is installed, its backend modules get the functions they lack (Keras 3 has no
  K.mean) after they are imported. Functions Keras has are left alone.

Semantics follow Keras 2 on TensorFlow: numpy arrays keep their dtype, Python numbers and lists
become float32 (floatx), K.mean of an integer tensor is an integer, K.epsilon() is 1e-7. Results
are `Tensor`s: numpy arrays with `.eval()` and `.numpy()`, as test cells call them.
The supplied functions are listed in docs/keras-shim.md; keep the two in step.
"""
import builtins
import importlib.abc
import importlib.machinery
import os
import sys
import types

import numpy as np

_FLOATX = ["float32"]
_EPSILON = [1e-7]


class KerasFunctionMissing(AttributeError):
    """A Keras backend function this shim does not supply. The grader keys on the type name."""


def _missing(qual):
    return KerasFunctionMissing(
        "%s is not supported by wlgrade's Keras backend shim; use one of the supported K functions "
        "(docs/keras-shim.md) or numpy, or grade with --keras real where TensorFlow is installed." % qual
    )


class Tensor(np.ndarray):
    """What shim functions return: an ndarray that also answers Keras 2 / TF 2 tensor methods."""

    def eval(self, session=None):
        return np.array(self).view(np.ndarray)

    def numpy(self):
        return np.array(self).view(np.ndarray)


class Variable(Tensor):
    """K.variable(...): a float32 array; `.value` and `.assign` as on tf.Variable."""

    @property
    def value(self):
        return self.view(np.ndarray)

    def assign(self, v):
        self[...] = v
        return self


# ------------------------------------------------------------------------------------------
# Conversions
# ------------------------------------------------------------------------------------------

def _np_dtype(dtype):
    if dtype is None:
        return None
    dtype = getattr(dtype, "as_numpy_dtype", dtype)  # tf.float32 when TF is around
    return np.dtype(dtype)


def _t(x):
    """An input as an ndarray: arrays keep their dtype; Python numbers and lists become float32/int32."""
    if isinstance(x, np.ndarray):
        return x.view(np.ndarray)
    if isinstance(x, np.generic):
        return np.asarray(x)
    if hasattr(x, "numpy") and callable(x.numpy):  # TF / PyTorch tensors
        try:
            return np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x.numpy())
        except Exception:
            pass
    a = np.asarray(x)
    if a.dtype == np.float64:
        a = a.astype(_FLOATX[0])
    elif a.dtype == np.int64:
        a = a.astype(np.int32)
    return a


def _float(x):
    """Inputs of float-only ops (log, exp, ...): integers and bools become floatx."""
    a = _t(x)
    return a if a.dtype.kind in "fc" else a.astype(_FLOATX[0])


def _o(r):
    return np.asarray(r).view(Tensor)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _binary(x, y):
    """Two operands, as TensorFlow pairs them: a Python number next to a float tensor takes that
    tensor's dtype (tf.minimum(y_pred, 1 - 1e-7) on float64 is 0.9999999, not float32's 0.99999988)."""
    a, b = _t(x), _t(y)
    if _python_number(x) and b.dtype.kind in "fc":
        a = np.asarray(x, dtype=b.dtype)
    elif _python_number(y) and a.dtype.kind in "fc":
        b = np.asarray(y, dtype=a.dtype)
    return a, b


def _python_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


# ------------------------------------------------------------------------------------------
# The supplied API (alphabetical within groups; docs/keras-shim.md lists the same)
# ------------------------------------------------------------------------------------------

def floatx():
    return _FLOATX[0]


def set_floatx(value):
    _FLOATX[0] = str(np.dtype(value))


def epsilon():
    return _EPSILON[0]


def set_epsilon(value):
    _EPSILON[0] = float(value)


def image_data_format():
    return "channels_last"


def clear_session():
    return None


def learning_phase():
    return 0


def cast(x, dtype):
    return _o(_t(x).astype(_np_dtype(dtype)))


def cast_to_floatx(x):
    return np.asarray(x, dtype=_FLOATX[0])


def constant(value, dtype=None, shape=None, name=None):
    a = np.array(value, dtype=_np_dtype(dtype) or _FLOATX[0])
    if shape is not None:
        a = np.broadcast_to(a, tuple(shape)).copy() if a.size == 1 else a.reshape(tuple(shape))
    return _o(a)


def variable(value, dtype=None, name=None, constraint=None):
    return np.array(value, dtype=_np_dtype(dtype) or _FLOATX[0]).view(Variable)


def get_value(x):
    return np.array(x).view(np.ndarray)


def eval(x):  # noqa: A001  the Keras name
    return np.array(x).view(np.ndarray)


def set_value(x, value):
    x[...] = value


def is_tensor(x):
    return isinstance(x, np.ndarray)


def is_keras_tensor(x):
    return isinstance(x, Tensor)


def _reduce(fn, x, axis, keepdims):
    a = _t(x)
    if a.dtype == np.bool_:
        a = a.astype(_FLOATX[0])
    return _o(fn(a, axis=_axis(axis), keepdims=keepdims))


def mean(x, axis=None, keepdims=False):
    a = _t(x)
    if a.dtype == np.bool_:
        a = a.astype(_FLOATX[0])
    r = np.mean(a, axis=_axis(axis), keepdims=keepdims)
    if a.dtype.kind in "iu":  # TF's reduce_mean of integers is an integer (truncated)
        r = np.trunc(r).astype(a.dtype)
    return _o(r)


def sum(x, axis=None, keepdims=False):  # noqa: A001
    a = _t(x)
    return _o(np.sum(a, axis=_axis(axis), keepdims=keepdims, dtype=a.dtype if a.dtype != np.bool_ else None))


def prod(x, axis=None, keepdims=False):
    a = _t(x)
    return _o(np.prod(a, axis=_axis(axis), keepdims=keepdims, dtype=a.dtype if a.dtype != np.bool_ else None))


def max(x, axis=None, keepdims=False):  # noqa: A001
    return _o(np.max(_t(x), axis=_axis(axis), keepdims=keepdims))


def min(x, axis=None, keepdims=False):  # noqa: A001
    return _o(np.min(_t(x), axis=_axis(axis), keepdims=keepdims))


def std(x, axis=None, keepdims=False):
    return _reduce(np.std, _float(x), axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _reduce(np.var, _float(x), axis, keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001
    return _o(np.any(_t(x), axis=_axis(axis), keepdims=keepdims))


def all(x, axis=None, keepdims=False):  # noqa: A001
    return _o(np.all(_t(x), axis=_axis(axis), keepdims=keepdims))


def argmax(x, axis=-1):
    return _o(np.argmax(_t(x), axis=axis))


def argmin(x, axis=-1):
    return _o(np.argmin(_t(x), axis=axis))


def cumsum(x, axis=0):
    return _o(np.cumsum(_t(x), axis=axis))


def log(x):
    with np.errstate(all="ignore"):
        return _o(np.log(_float(x)))


def exp(x):
    with np.errstate(all="ignore"):
        return _o(np.exp(_float(x)))


def sqrt(x):
    # Keras 2 clips at 0 before the root, so sqrt of a tiny negative is 0, not NaN.
    a = _float(x)
    return _o(np.sqrt(np.clip(a, 0.0, np.inf).astype(a.dtype)))


def square(x):
    return _o(np.square(_t(x)))


def abs(x):  # noqa: A001
    return _o(np.abs(_t(x)))


def sign(x):
    return _o(np.sign(_t(x)))


def round(x):  # noqa: A001  half to even, as tf.round
    return _o(np.round(_t(x)))


def pow(x, a):  # noqa: A001
    with np.errstate(all="ignore"):
        return _o(np.power(_t(x), a))


def clip(x, min_value, max_value):
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    a = _t(x)
    return _o(np.clip(a, min_value, max_value).astype(a.dtype))


def maximum(x, y):
    return _o(np.maximum(*_binary(x, y)))


def minimum(x, y):
    return _o(np.minimum(*_binary(x, y)))


def equal(x, y):
    return _o(np.equal(*_binary(x, y)))


def not_equal(x, y):
    return _o(np.not_equal(*_binary(x, y)))


def greater(x, y):
    return _o(np.greater(*_binary(x, y)))


def greater_equal(x, y):
    return _o(np.greater_equal(*_binary(x, y)))


def less(x, y):
    return _o(np.less(*_binary(x, y)))


def less_equal(x, y):
    return _o(np.less_equal(*_binary(x, y)))


def switch(condition, then_expression, else_expression):
    return _o(np.where(_t(condition), *_binary(then_expression, else_expression)))


def ones_like(x, dtype=None, name=None):
    a = _t(x)
    return _o(np.ones_like(a, dtype=_np_dtype(dtype) or a.dtype))


def zeros_like(x, dtype=None, name=None):
    a = _t(x)
    return _o(np.zeros_like(a, dtype=_np_dtype(dtype) or a.dtype))


def ones(shape, dtype=None, name=None):
    return _o(np.ones(shape, dtype=_np_dtype(dtype) or _FLOATX[0]))


def zeros(shape, dtype=None, name=None):
    return _o(np.zeros(shape, dtype=_np_dtype(dtype) or _FLOATX[0]))


def dot(x, y):
    return _o(np.dot(*_binary(x, y)))


def transpose(x):
    return _o(np.transpose(_t(x)))


def reshape(x, shape):
    return _o(np.reshape(_t(x), tuple(shape)))


def flatten(x):
    return _o(np.reshape(_t(x), (-1,)))


def expand_dims(x, axis=-1):
    return _o(np.expand_dims(_t(x), axis))


def squeeze(x, axis):
    return _o(np.squeeze(_t(x), axis))


def stack(x, axis=0):
    return _o(np.stack([_t(e) for e in x], axis=axis))


def concatenate(tensors, axis=-1):
    return _o(np.concatenate([_t(e) for e in tensors], axis=axis))


def gather(reference, indices):
    """Rows (slices along axis 0) of `reference` at `indices`, as Keras 2's tf.gather."""
    return _o(np.take(_t(reference), np.asarray(_t(indices)).astype(np.int64), axis=0))


def shape(x):
    return _o(np.array(_t(x).shape, dtype=np.int32))


def int_shape(x):
    return tuple(int(s) for s in _t(x).shape)


def ndim(x):
    return _t(x).ndim


def dtype(x):
    return str(_t(x).dtype)


def sigmoid(x):
    with np.errstate(all="ignore"):
        a = _float(x)
        return _o((1.0 / (1.0 + np.exp(-a))).astype(a.dtype))


def softmax(x, axis=-1):
    a = _float(x)
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return _o(e / np.sum(e, axis=axis, keepdims=True))


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    a = _t(x)
    r = np.where(a > threshold, a, alpha * (a - threshold))
    if max_value is not None:
        r = np.minimum(r, max_value)
    return _o(r.astype(a.dtype))


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise, as Keras 2.4+: clip to [eps, 1 - eps], then -(t log(p + eps) + (1 - t) log(1 - p + eps))."""
    t, p = _float(target), _float(output)
    with np.errstate(all="ignore"):
        if from_logits:
            return _o(np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p))))
        eps = epsilon()
        p = np.clip(p, eps, 1.0 - eps)
        return _o(-(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps)))


SUPPLIED = (
    "floatx set_floatx epsilon set_epsilon image_data_format clear_session learning_phase "
    "cast cast_to_floatx constant variable get_value eval set_value is_tensor is_keras_tensor "
    "mean sum prod max min std var any all argmax argmin cumsum "
    "log exp sqrt square abs sign round pow clip maximum minimum "
    "equal not_equal greater greater_equal less less_equal switch "
    "ones_like zeros_like ones zeros dot transpose reshape flatten expand_dims squeeze stack concatenate gather "
    "shape int_shape ndim dtype sigmoid softmax relu binary_crossentropy"
).split()


# ------------------------------------------------------------------------------------------
# Modules: the stand-ins used when Keras / TensorFlow are absent, and patching of real ones
# ------------------------------------------------------------------------------------------

# Keras 2's other backend functions (keras/backend.py of Keras 2.x): one the shim lacks is
# unsupported, even one letter from a supplied one (K.sin, K.sign; K.elu, K.relu).
_KERAS2_OTHERS = frozenset((
    "arange batch_flatten batch_dot batch_get_value batch_normalization batch_set_value bias_add "
    "categorical_crossentropy clear_session conv1d conv2d conv2d_transpose conv3d cos count_params ctc_batch_cost "
    "ctc_decode cumprod depthwise_conv2d dropout elu eye foldl foldr function get_session get_uid gradients "
    "hard_sigmoid identity in_test_phase in_top_k in_train_phase is_placeholder is_sparse l2_normalize "
    "local_conv1d local_conv2d logsumexp manual_variable_initialization map_fn moving_average_update name_scope "
    "normalize_batch_in_training one_hot permute_dimensions placeholder pool2d pool3d print_tensor "
    "random_bernoulli random_normal random_normal_variable random_uniform random_uniform_variable repeat "
    "repeat_elements reset_uids resize_images resize_volumes reverse rnn separable_conv2d set_learning_phase "
    "set_session sin softplus softsign sparse_categorical_crossentropy spatial_2d_padding stop_gradient tanh "
    "temporal_padding tile to_dense truncated_normal update update_add update_sub"
).split())


def _one_slip(a, b):
    """b is a one-letter slip of a: a letter added, dropped, changed, or two side by side swapped.
    (Python's own any and abs: this module's are the K functions of those names.)"""
    if a == b or builtins.abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return builtins.any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slip_of(name):
    """The supplied function `name` is a one-letter slip of (maen: mean), when exactly one is and
    `name` is no Keras 2 function the shim lacks; None otherwise."""
    if len(name) < 3 or name in _KERAS2_OTHERS:
        return None
    near = [n for n in SUPPLIED if _one_slip(n, name)]
    return near[0] if len(near) == 1 else None


class _Backend(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        slip = _slip_of(name)
        if slip is not None:
            # No function of Keras's either: the AttributeError Keras's own backend module raises
            # (learners 35: "not supported by the shim ... --keras real" sent a typo to TensorFlow).
            raise AttributeError("module 'keras.backend' has no attribute '%s'; did you mean K.%s?" % (name, slip))
        raise _missing("K." + name)


class _KerasStub(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise _missing("keras." + name)


class _TensorFlowStub(types.ModuleType):
    """`tensorflow` without TensorFlow: only `.keras` exists; anything else says to install it."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ModuleNotFoundError(
            "No module named 'tensorflow': tf.%s needs TensorFlow, which is not installed (wlgrade supplies only "
            "tf.keras.backend without it)" % name,
            name="tensorflow",
        )


backend = _Backend("keras.backend", "The Keras 2 backend API in numpy (wlgrade shim).")
for _name in SUPPLIED:
    setattr(backend, _name, globals()[_name])
backend.Tensor = Tensor
backend.Variable = Variable
backend.KerasFunctionMissing = KerasFunctionMissing

_keras = _KerasStub("keras", "Stand-in for Keras (wlgrade shim): only keras.backend.")
_keras.__path__ = []
_keras.backend = backend
_keras.__version__ = "2-wlgrade-shim"

_tensorflow = _TensorFlowStub("tensorflow", "Stand-in for TensorFlow (wlgrade shim): only tf.keras.backend.")
_tensorflow.__path__ = []
_tensorflow.keras = _keras
_tensorflow.WLGRADE_STUB = True

_STUBS = {
    "keras": _keras,
    "keras.backend": backend,
    "tensorflow": _tensorflow,
    "tensorflow.keras": _keras,
    "tensorflow.keras.backend": backend,
}



def is_stand_in(module):
    """Whether `module` is one of the shim's stand-ins (keras, tensorflow without the real ones)."""
    for stub in _STUBS.values():  # not any(): this module defines K.any
        if module is stub:
            return True
    return False


# The public Keras backend modules, by name. They were found with a regular expression over every
# name in sys.modules, but walking sys.modules writes a reference count into every module and
# every name (CPython 3.11), and in a warm pool job, forked with those objects shared, that copied
# ~150 pages (~0.5 ms) per submission. The names the expression matched, looked up one by one
# (its `$` also matched before a final newline, hence the second spelling of each).
_PUBLIC_BACKENDS = tuple(
    prefix + ".backend" + end
    for prefix in ("keras", "keras.api", "keras._tf_keras.keras", "tf_keras", "tensorflow.keras")
    for end in ("", "\n")
)


def patch(module):
    """Gives a real Keras backend module the functions it lacks, and a clear error for the rest."""
    if getattr(module, "_wlgrade_patched", False) or isinstance(module, _Backend):
        return
    for name in SUPPLIED:
        try:
            present = hasattr(module, name)
        except Exception:
            present = False
        if not present:
            setattr(module, name, globals()[name])
    try:
        if type(module) is types.ModuleType:
            module.__class__ = _PatchedBackend
        module._wlgrade_patched = True
    except TypeError:
        pass


class _PatchedBackend(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise _missing("K." + name)


def patch_loaded():
    """Patches every public Keras backend module imported so far."""
    modules = sys.modules
    for name in _PUBLIC_BACKENDS:
        mod = modules.get(name)
        if mod is not None:
            patch(mod)
    k = sys.modules.get("keras")
    if k is not None and k is not _keras:
        b = getattr(k, "__dict__", {}).get("backend")
        if isinstance(b, types.ModuleType):
            patch(b)


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return _STUBS[spec.name]

    def exec_module(self, module):
        pass


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader, then patches the Keras backends it brought in."""

    def __init__(self, real):
        self._real = real

    def create_module(self, spec):
        return self._real.create_module(spec)

    def exec_module(self, module):
        self._real.exec_module(module)
        patch_loaded()

    def __getattr__(self, name):  # get_resource_reader, is_package, ...: the real loader's
        return getattr(self._real, name)


# Set by the runner when the submission uses Keras/TensorFlow only through the backend API: then
# the stand-ins serve it even where real Keras and TensorFlow are installed (fast, float32 numpy).
PREFER_STAND_INS = False

# Dotted names (modules, or names imported from one) the code imports from Keras and never uses,
# which the installed Keras has (real_has): with the stand-ins they get placeholders, as a notebook's
# unused imports are left out, not real Keras and TensorFlow (seconds) for an import nothing reads.
UNUSED = set()


def serve_unused(names):
    """Placeholders, with the stand-ins, for `names` (the runner's _backend_reading) and the modules
    on the way to them (keras.layers for keras.layers.Dense), the stand-ins' own modules aside."""
    for name in names:
        parts = name.split(".")
        for end in range(2, len(parts) + 1):
            full = ".".join(parts[:end])
            if full not in _STUBS:
                UNUSED.add(full)
            if full.startswith("tensorflow.keras."):
                # The stand-in tensorflow.keras is the stand-in keras: `from tensorflow.keras
                # import layers` asks it for keras.layers.
                UNUSED.add(full[len("tensorflow."):])


class _Unused(types.ModuleType):
    """A placeholder for an import the code never uses (UNUSED). Nothing in the code reads it;
    code that reaches it another way (getattr, globals()) is told to grade with real Keras."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        full = self.__name__ + "." + name
        if full in UNUSED:
            return _placeholder(full)
        raise _missing(full)


_PLACEHOLDERS = {}


def _placeholder(fullname):
    if fullname not in _PLACEHOLDERS:
        mod = _Unused(fullname, "Placeholder (wlgrade shim): imported and never used.")
        mod.__path__ = []  # a package, so that an import below it comes back to this finder
        _PLACEHOLDERS[fullname] = mod
    return _PLACEHOLDERS[fullname]


class _PlaceholderLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return _placeholder(spec.name)

    def exec_module(self, module):
        pass


def real_lacks_module(name):
    """Whether the installed Keras surely lacks the module `name` (keras.layer, a typo; keras.engine
    under Keras 3): Keras is installed (and TensorFlow, for tensorflow.keras) and a part of the path is
    neither a folder nor a .py file of it, read as real_has reads them. False when it cannot be told."""
    parts = name.split(".")
    if parts[0] not in ("keras", "tensorflow") or _other_finders_spec("keras", None) is None:
        return False
    if parts[0] == "tensorflow" and (len(parts) < 3 or parts[1] != "keras" or real_spec("tensorflow") is None):
        return False
    return not real_has(name, module=True)


def real_has(name, module=False):
    """Whether the installed Keras holds `name` (keras.layers, keras.layers.Dense,
    tensorflow.keras.preprocessing.image.ImageDataGenerator), read from its folders and files, no
    code of it run: a module is a folder or a .py file; a name imported from a module is a word of
    that module's source (its __init__.py), unless `module` (the name must be a module). tensorflow.keras
    is read in Keras 3's copy of TensorFlow's Keras (keras/_tf_keras/keras) where there is one, with
    TensorFlow installed. False when it cannot be told (Keras not installed, TensorFlow not installed
    for tensorflow.keras)."""
    import re

    parts = name.split(".")
    if parts[0] == "tensorflow":
        if len(parts) < 3 or parts[1] != "keras" or real_spec("tensorflow") is None:
            return False
        parts = ["keras", "_tf_keras", "keras"] + parts[2:]
    if parts[0] != "keras" or len(parts) < 2:
        return False
    spec = _other_finders_spec("keras", None)
    folders = list(getattr(spec, "submodule_search_locations", None) or [])
    # (No any() here: this module's any is K.any.)
    if parts[1] == "_tf_keras" and not [f for f in folders if os.path.isdir(os.path.join(f, "_tf_keras", "keras"))]:
        parts = ["keras"] + parts[3:]  # a Keras 2 install: tf.keras is TensorFlow's own, read as Keras's
    rest = parts[1:]
    for i, part in enumerate(rest):
        below = [os.path.join(f, part) for f in folders if os.path.isdir(os.path.join(f, part))]
        if below:
            folders = below
            continue
        last = i == len(rest) - 1
        if [f for f in folders if os.path.isfile(os.path.join(f, part + ".py"))]:
            return last  # a module file: what it defines below is not read
        if not last or module:
            return False
        word = re.compile(r"\b%s\b" % re.escape(part))
        for f in folders:
            try:
                with open(os.path.join(f, "__init__.py"), encoding="utf-8", errors="replace") as init:
                    if word.search(init.read(1 << 20)):
                        return True
            except OSError:
                pass
        return False
    return bool(folders)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if PREFER_STAND_INS and fullname in UNUSED:
            return importlib.machinery.ModuleSpec(fullname, _PlaceholderLoader(), is_package=True)
        if fullname not in _STUBS:
            return None
        if PREFER_STAND_INS:
            return self._stub(fullname)
        top = fullname.split(".")[0]
        if top == "tensorflow" and real_spec("tensorflow") is not None:
            return None  # real TensorFlow: hands off (its tf.keras is patched after loading)
        if top == "keras" and not _real_keras_usable():
            return self._stub(fullname)
        parent = sys.modules.get(fullname.rpartition(".")[0]) if "." in fullname else None
        if parent is None or parent not in _STUBS.values():
            spec = _other_finders_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _PatchingLoader(spec.loader)
                return spec
        return self._stub(fullname)

    @staticmethod
    def _stub(fullname):
        return importlib.machinery.ModuleSpec(
            fullname, _StubLoader(), is_package=fullname in ("keras", "tensorflow", "tensorflow.keras"))


_USABLE = []


def _real_keras_usable():
    """Keras 3 installed without the framework of its backend fails on import: use the shim then."""
    if not _USABLE:
        backend = os.environ.get("KERAS_BACKEND", "tensorflow")
        module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch", "numpy": "numpy"}.get(backend, backend)
        _USABLE.append(real_spec("keras") is not None and real_spec(module) is not None)
    return _USABLE[0]


def _other_finders_spec(fullname, path, target=None):
    for finder in sys.meta_path:
        if finder is _FINDER or not hasattr(finder, "find_spec"):
            continue
        try:
            spec = finder.find_spec(fullname, path, target)
        except Exception:
            return None  # a finder that refuses the name: the import would fail the same way
        if spec is not None:
            return spec
    return None


def real_spec(name):
    """The spec of an installed top-level module, ignoring this shim's stand-ins."""
    mod = sys.modules.get(name)
    if mod is not None and mod not in _STUBS.values():
        return getattr(mod, "__spec__", None) or True
    return _other_finders_spec(name, None)


_FINDER = _Finder()
sys.meta_path.insert(0, _FINDER)
