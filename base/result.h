// Result<T, E>: a value or an error, for expected failures.
// The vocabulary matches C++23 std::expected (has_value, operator bool,
// value, error) so a later move to std::expected is a rename.
#ifndef VI_BASE_RESULT_H_
#define VI_BASE_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

namespace vi {

// Wraps an error value so Result's constructor can tell it from a T.
template <typename E>
struct Unexpected {
  E error;
};
template <typename E>
Unexpected<std::decay_t<E>> MakeUnexpected(E&& e) {
  return {std::forward<E>(e)};
}

// Holds either a T or an E. Not thread-safe (a plain value type).
template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}            // NOLINT
  Result(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // REQUIRES: has_value().
  T& value() & {
    assert(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !has_value().
  const E& error() const& {
    assert(!has_value());
    return std::get<1>(v_);
  }
  E& error() & {
    assert(!has_value());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, E> v_;
};

}  // namespace vi

#endif  // VI_BASE_RESULT_H_
