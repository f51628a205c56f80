// The drag data type that carries a palette item to the canvas.
export const dragType = 'application/x-flowfile-node'
