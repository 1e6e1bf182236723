// The types that tie a target to the arguments it is sent with. SPEC: a target is called as target(...args), or as
// target(...args, kwargs) when kwargs is given; these types make a call whose args or kwargs do not fit the target's
// parameters fail to compile. Types only: nothing here exists at run time.

/** `args` may be left out only when the target can be called without arguments. */
export type ArgsFor<A extends unknown[]> = [] extends A ? { args?: A } : { args: A };

/** A target called as target(...args). */
export type PositionalCall<A extends unknown[]> = { target: (...args: A) => unknown; kwargs?: undefined } & ArgsFor<A>;

/** A target called as target(...args, kwargs): kwargs is its last parameter. */
export type KeywordCall<A extends unknown[], K> = { target: (...args: [...A, K]) => unknown; kwargs: K } & ArgsFor<A>;

/** No target: a subclass overrides run() (and may read the args it was given). */
export interface NoTarget {
  target?: undefined;
  args?: unknown[];
  kwargs?: object;
}

/** Any of the above, as the implementation sees it once the types have been checked at the call. */
export interface UntypedCall {
  target?: Function;
  args?: unknown[];
  kwargs?: object;
}
