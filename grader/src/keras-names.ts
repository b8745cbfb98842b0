/**
 * The Keras 2 backend functions (K.mean, K.log ...) the shim supplies and the other Keras 2 names
 * it lacks, as grader/src/python/shim/wlgrade_keras_shim.py's SUPPLIED and _KERAS2_OTHERS list them
 * (keras-names.test.ts keeps the two in step): a K name one letter off one supplied function, and
 * no Keras 2 name itself, is a slip of it, under --keras real as under the shim (learners 35b).
 */
import { editDistance } from './edit-distance.js';

export const KERAS_SUPPLIED = (
  'floatx set_floatx epsilon set_epsilon image_data_format clear_session learning_phase ' +
  'cast cast_to_floatx constant variable get_value eval set_value is_tensor is_keras_tensor ' +
  'mean sum prod max min std var any all argmax argmin cumsum ' +
  'log exp sqrt square abs sign round pow clip maximum minimum ' +
  'equal not_equal greater greater_equal less less_equal switch ' +
  'ones_like zeros_like ones zeros dot transpose reshape flatten expand_dims squeeze stack concatenate gather ' +
  'shape int_shape ndim dtype sigmoid softmax relu binary_crossentropy'
).split(' ');

export const KERAS2_OTHERS = new Set(
  (
    'arange batch_flatten batch_dot batch_get_value batch_normalization batch_set_value bias_add ' +
    'categorical_crossentropy clear_session conv1d conv2d conv2d_transpose conv3d cos count_params ctc_batch_cost ' +
    'ctc_decode cumprod depthwise_conv2d dropout elu eye foldl foldr function get_session get_uid gradients ' +
    'hard_sigmoid identity in_test_phase in_top_k in_train_phase is_placeholder is_sparse l2_normalize ' +
    'local_conv1d local_conv2d logsumexp manual_variable_initialization map_fn moving_average_update name_scope ' +
    'normalize_batch_in_training one_hot permute_dimensions placeholder pool2d pool3d print_tensor ' +
    'random_bernoulli random_normal random_normal_variable random_uniform random_uniform_variable repeat ' +
    'repeat_elements reset_uids resize_images resize_volumes reverse rnn separable_conv2d set_learning_phase ' +
    'set_session sin softplus softsign sparse_categorical_crossentropy spatial_2d_padding stop_gradient tanh ' +
    'temporal_padding tile to_dense truncated_normal update update_add update_sub'
  ).split(' '),
);

/** The supplied K function `name` is a one-letter slip of (maen: mean), as the shim's _slip_of decides; undefined otherwise. */
export function kerasSlipOf(name: string): string | undefined {
  if (name.length < 3 || KERAS2_OTHERS.has(name) || KERAS_SUPPLIED.includes(name)) return undefined;
  const near = KERAS_SUPPLIED.filter((n) => editDistance(n, name) === 1);
  return near.length === 1 ? near[0] : undefined;
}
